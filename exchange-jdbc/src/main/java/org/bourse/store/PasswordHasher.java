package org.bourse.store;

/**
 * Hashes and checks passwords. The stored form names its algorithm and parameters (a PHC string),
 * so hashes made under older parameters still verify and can be upgraded at the next login.
 *
 * <p><b>Thread-safety:</b> implementations are safe for concurrent use.
 */
public interface PasswordHasher {

  /**
   * A new salted hash of {@code password}.
   *
   * @throws IllegalArgumentException if the password is empty or longer than 1024 characters
   */
  String hash(CharSequence password);

  /**
   * Whether {@code password} matches {@code storedHash}, compared in constant time. A malformed
   * stored hash never matches, nor does one whose parameters exceed the bounds of {@link
   * PasswordParameters} (it is not computed at all).
   */
  boolean verify(CharSequence password, String storedHash);

  /**
   * Whether {@code storedHash} was made with other parameters than the current ones, or is
   * malformed or beyond the bounds of {@link PasswordParameters}.
   */
  boolean needsRehash(String storedHash);
}
