package org.bourse.store;

/**
 * The outcome of presenting a refresh token.
 *
 * <p><b>Thread-safety:</b> immutable.
 */
public sealed interface Rotation {

  /** The token was current: here is its successor; the presented one is now spent. */
  record Rotated(RefreshToken next) implements Rotation {}

  /**
   * The token belongs to a live family but is not its current token (or lost a race to rotate the
   * same token): someone replayed a token. The whole family has been revoked.
   */
  record ReuseDetected(String familyId, long userId) implements Rotation {}

  /** The token is malformed, unknown, expired or from a revoked family; nothing changed. */
  record Rejected(Reason reason) implements Rotation {}

  /** Why a token was rejected. */
  enum Reason {
    /** Not a token this store issued. */
    UNKNOWN,
    /** Its family has expired. */
    EXPIRED,
    /** Its family was revoked. */
    REVOKED
  }
}
