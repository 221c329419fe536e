package org.bourse.store;

/**
 * Argon2id cost parameters for new password hashes.
 *
 * <p><b>Thread-safety:</b> immutable.
 *
 * @param memoryKib memory per hash in KiB, from 8 × parallelism to 4 GiB (4194304)
 * @param iterations passes over the memory, 1 to 100
 * @param parallelism lanes, 1 to 16
 */
public record PasswordParameters(int memoryKib, int iterations, int parallelism) {

  /** OWASP's recommendation for Argon2id: 19 MiB, 2 iterations, 1 lane. */
  public static final PasswordParameters OWASP = new PasswordParameters(19 * 1024, 2, 1);

  public PasswordParameters {
    Fields.between(parallelism, "parallelism", 1, 16);
    Fields.between(memoryKib, "memoryKib", 8 * parallelism, 4 * 1024 * 1024);
    Fields.between(iterations, "iterations", 1, 100);
  }
}
