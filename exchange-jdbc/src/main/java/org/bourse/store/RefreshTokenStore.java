package org.bourse.store;

import java.time.Duration;
import java.time.Instant;

/**
 * Rotating refresh tokens with reuse detection. A family is one login session; it has exactly one
 * current token at a time, stored only as a hash. Presenting the current token swaps it for a new
 * one atomically (compare-and-set on the stored hash); presenting any other token of the family, or
 * losing a race to rotate the same token, revokes the family, because two holders of one session
 * mean one of them stole it.
 *
 * <p><b>Thread-safety:</b> implementations are safe for concurrent use.
 */
public interface RefreshTokenStore {

  /**
   * Starts a family for a fresh login.
   *
   * @param lifetime how long the family lives, 1 minute to 400 days
   */
  RefreshToken start(long userId, Duration lifetime);

  /** Rotates the presented token; see {@link Rotation} for the outcomes. */
  Rotation rotate(String presentedToken);

  /** Revokes one family (logout); false if it is unknown or already revoked. */
  boolean revokeFamily(String familyId, RevocationReason reason);

  /** Revokes every live family of the user and returns how many. */
  int revokeAllForUser(long userId, RevocationReason reason);

  /**
   * Deletes the families that expired or were revoked before {@code cutoff} and returns how many. A
   * token of a deleted family is then {@link Rotation.Reason#UNKNOWN} instead of expired or
   * revoked; either way it is refused. Run it periodically, say daily with a cutoff a few weeks
   * back, so that the table holds only live sessions and recent history.
   */
  int purgeEndedBefore(Instant cutoff);
}
