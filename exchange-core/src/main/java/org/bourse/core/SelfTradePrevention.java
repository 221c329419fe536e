package org.bourse.core;

/**
 * What happens when an order would trade against a resting order of the same user. The taker's mode
 * decides; an order that names none gets its instrument's default.
 */
public enum SelfTradePrevention {
  /** The two orders trade with each other. */
  NONE,
  /** The taker's remainder expires (EXPIRED_IN_MATCH); the maker stays. */
  EXPIRE_TAKER,
  /** The maker expires (EXPIRED_IN_MATCH) and the taker goes on matching. */
  EXPIRE_MAKER,
  /** Both expire (EXPIRED_IN_MATCH). */
  EXPIRE_BOTH;

  /** Whether meeting an own resting order expires the maker. */
  public boolean expiresMaker() {
    return this == EXPIRE_MAKER || this == EXPIRE_BOTH;
  }

  /** Whether meeting an own resting order ends the taker's matching (and expires it). */
  public boolean expiresTaker() {
    return this == EXPIRE_TAKER || this == EXPIRE_BOTH;
  }
}
