package org.bourse.store;

import java.time.Duration;
import java.util.Collection;
import java.util.Objects;

/**
 * Argument checks shared by the records of this package and the adapters that implement its ports,
 * so that one rule has one message. Every message names the field and the rule; input echoed into a
 * message goes through {@link #quoted}, so that a hostile value cannot flood or forge a log line.
 *
 * <p>Public only so that the adapters in {@code org.bourse.jdbc.store} can share it; it is not
 * meant for callers of the stores.
 *
 * <p><b>Thread-safety:</b> stateless.
 */
public final class Fields {

  /** The most characters of an input value {@link #quoted} echoes. */
  public static final int MAX_ECHOED_CHARS = 64;

  private Fields() {}

  /**
   * {@code value}, if it is not blank and at most {@code maxLength} characters.
   *
   * @throws IllegalArgumentException naming {@code field} otherwise
   */
  public static String text(String value, String field, int maxLength) {
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

  /** {@code value}, if it is above zero. */
  public static long positive(long value, String field) {
    if (value <= 0) {
      throw new IllegalArgumentException(field + " must be positive, was " + value);
    }
    return value;
  }

  /** {@code value}, if it is from {@code min} to {@code max} inclusive. */
  public static int between(int value, String field, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          field + " must be between " + min + " and " + max + ", was " + value);
    }
    return value;
  }

  /** {@code value}, if it is from {@code min} to {@code max} inclusive. */
  public static Duration between(Duration value, String field, Duration min, Duration max) {
    Objects.requireNonNull(value, field);
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new IllegalArgumentException(
          field + " must be between " + min + " and " + max + ", was " + value);
    }
    return value;
  }

  /**
   * {@code values}, if there is at least one.
   *
   * @param noun what one value is called in the message ("role": "roles must name at least one
   *     role")
   */
  public static <C extends Collection<?>> C nonEmpty(C values, String field, String noun) {
    Objects.requireNonNull(values, field);
    if (values.isEmpty()) {
      throw new IllegalArgumentException(field + " must name at least one " + noun);
    }
    return values;
  }

  /**
   * {@code value} in single quotes, fit to echo in a message: cut to {@link #MAX_ECHOED_CHARS}
   * characters (saying how long it was) and with every character outside printable ASCII written as
   * {@code \}{@code uXXXX}.
   */
  public static String quoted(String value) {
    StringBuilder text = new StringBuilder("'");
    int shown = Math.min(value.length(), MAX_ECHOED_CHARS);
    for (int i = 0; i < shown; i++) {
      char c = value.charAt(i);
      if (c < ' ' || c > '~' || c == '\\' || c == '\'') {
        text.append(String.format("\\u%04x", (int) c));
      } else {
        text.append(c);
      }
    }
    text.append('\'');
    if (shown < value.length()) {
      text.append("... (").append(value.length()).append(" characters)");
    }
    return text.toString();
  }
}
