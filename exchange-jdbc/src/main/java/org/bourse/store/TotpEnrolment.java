package org.bourse.store;

import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A user's TOTP (RFC 6238) enrolment with its decrypted seed.
 *
 * <p><b>Thread-safety:</b> the record is immutable; {@link #seed} returns a copy.
 *
 * @param userId the user
 * @param seed the shared secret
 * @param confirmed whether the user proved possession with a first code; only confirmed enrolments
 *     guard logins
 * @param createdAt when the seed was stored
 * @param confirmedAt when it was confirmed, if it was
 * @param lastUsedStep the last accepted time step, if any; codes at or before it are refused
 */
public record TotpEnrolment(
    long userId,
    byte[] seed,
    boolean confirmed,
    Instant createdAt,
    Optional<Instant> confirmedAt,
    OptionalLong lastUsedStep) {

  public TotpEnrolment {
    seed = seed.clone();
  }

  /** A copy of the seed. */
  @Override
  public byte[] seed() {
    return seed.clone();
  }

  /** Compares the seed by content. */
  @Override
  public boolean equals(Object other) {
    return other instanceof TotpEnrolment that
        && userId == that.userId
        && Arrays.equals(seed, that.seed)
        && confirmed == that.confirmed
        && createdAt.equals(that.createdAt)
        && confirmedAt.equals(that.confirmedAt)
        && lastUsedStep.equals(that.lastUsedStep);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(userId) * 31 + Arrays.hashCode(seed);
  }

  /** Never prints the seed. */
  @Override
  public String toString() {
    return "TotpEnrolment[userId=" + userId + ", confirmed=" + confirmed + "]";
  }
}
