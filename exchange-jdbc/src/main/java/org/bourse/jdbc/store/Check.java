package org.bourse.jdbc.store;

import java.time.Duration;
import java.util.Objects;

/** Argument checks of the adapters; every message names the field and the rule. */
final class Check {

  private Check() {}

  static int between(int value, String field, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          field + " must be between " + min + " and " + max + ", was " + value);
    }
    return value;
  }

  static Duration between(Duration value, String field, Duration min, Duration max) {
    Objects.requireNonNull(value, field);
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new IllegalArgumentException(
          field + " must be between " + min + " and " + max + ", was " + value);
    }
    return value;
  }

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
}
