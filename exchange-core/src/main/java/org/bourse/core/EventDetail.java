package org.bourse.core;

/**
 * Which events {@link Exchange#apply} builds. Fewer events means fewer objects per command: a
 * benchmark or a backtest that only needs trades can skip ledger and book events.
 */
public enum EventDetail {
  /** No events: only the {@link CommandResult} itself. */
  NONE,
  /** Order updates, trades and stop triggers. */
  ORDERS,
  /** Everything: also balance changes, ledger entries, book deltas and instrument changes. */
  FULL;

  boolean includes(EventDetail level) {
    return compareTo(level) >= 0;
  }
}
