package org.bourse.store;

import java.util.Objects;

/** Argument checks shared by the records of this package; every message names the field. */
final class Fields {

  private Fields() {}

  static String text(String value, String field, int maxLength) {
    Objects.requireNonNull(value, field);
    if (value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank");
    }
    if (value.length() > maxLength) {
      throw new IllegalArgumentException(
          field + " must be at most " + maxLength + " characters, was " + value.length());
    }
    return value;
  }

  static long positive(long value, String field) {
    if (value <= 0) {
      throw new IllegalArgumentException(field + " must be positive, was " + value);
    }
    return value;
  }

  static int between(int value, String field, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          field + " must be between " + min + " and " + max + ", was " + value);
    }
    return value;
  }
}
