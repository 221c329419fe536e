package org.bourse.store;

/**
 * Argon2id cost parameters for new password hashes.
 *
 * <p><b>Thread-safety:</b> immutable.
 *
 * <p>The bounds are also the ceiling of what a stored hash may ask of {@link
 * PasswordHasher#verify}: a hash naming more is refused rather than computed, so that a planted or
 * corrupt hash cannot make a login allocate gigabytes or spin for minutes.
 *
 * @param memoryKib memory per hash in KiB, from 8 × parallelism to {@link #MAX_MEMORY_KIB} (1 GiB)
 * @param iterations passes over the memory, 1 to {@link #MAX_ITERATIONS}
 * @param parallelism lanes, 1 to {@link #MAX_PARALLELISM}
 */
public record PasswordParameters(int memoryKib, int iterations, int parallelism) {

  /** OWASP's recommendation for Argon2id: 19 MiB, 2 iterations, 1 lane. */
  public static final PasswordParameters OWASP = new PasswordParameters(19 * 1024, 2, 1);

  /** The most memory per hash: 1 GiB, in KiB. */
  public static final int MAX_MEMORY_KIB = 1024 * 1024;

  /**
   * The most passes: 10. OWASP's and RFC 9106's recommendations use 1 to 5; more memory buys more
   * than more passes.
   */
  public static final int MAX_ITERATIONS = 10;

  /** The most lanes: 16. */
  public static final int MAX_PARALLELISM = 16;

  public PasswordParameters {
    Fields.between(parallelism, "parallelism", 1, MAX_PARALLELISM);
    Fields.between(memoryKib, "memoryKib", 8 * parallelism, MAX_MEMORY_KIB);
    Fields.between(iterations, "iterations", 1, MAX_ITERATIONS);
  }
}
