package org.bourse.core;

/**
 * Which events {@link Exchange#apply} builds. Fewer events means fewer objects per command: a
 * benchmark or a backtest that only needs trades can skip ledger and book events.
 */
public enum EventDetail {
  /** No events: only the {@link CommandResult} itself. */
  NONE,
  /**
   * Trades only. The result still says what became of the command's order ({@link
   * CommandResult#orderStatus}), but no order-state event is built for it or for the makers it
   * traded with: for a trade feed, a backtest or a client that tracks its orders from the trades.
   * About a fifth cheaper per command than {@link #ORDERS} on flows of order moves or of adds and
   * cancels, where an order-state event is most of what a command allocates.
   */
  TRADES,
  /** Order updates, trades and stop triggers. */
  ORDERS,
  /** Everything: also balance changes, ledger entries, book deltas and instrument changes. */
  FULL;

  boolean includes(EventDetail level) {
    return compareTo(level) >= 0;
  }
}
