package org.bourse.core;

/** Order statuses in the common spot-exchange vocabulary. */
public enum OrderStatus {
  /** Accepted and open, nothing filled yet (conditional orders wait in this status). */
  NEW,
  /** Open with part of its quantity filled. */
  PARTIALLY_FILLED,
  /** Completely filled. */
  FILLED,
  /** Canceled by its owner (or by cancel-all). */
  CANCELED,
  /** Refused at entry; see the result's reject reason. */
  REJECTED,
  /** Ended by its time in force, by running out of liquidity or funds, or on a full book. */
  EXPIRED,
  /** Ended by self-trade prevention. */
  EXPIRED_IN_MATCH;

  /** Whether an order in this status can still trade or be canceled. */
  public boolean isOpen() {
    return this == NEW || this == PARTIALLY_FILLED;
  }
}
