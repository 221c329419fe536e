package org.bourse.jdbc.projection;

import org.bourse.core.OrderStatus;

/**
 * Which of a user's orders {@link HistoryQueries#orders} returns. Start from {@link #all()} and
 * narrow it.
 *
 * @param instrumentId only this instrument, or 0 for all
 * @param status only orders in this status now, or {@code null} for all
 * @param fromMs only orders created at or after this time, epoch milliseconds
 * @param toMs only orders created before this time, epoch milliseconds
 */
public record OrderFilter(int instrumentId, OrderStatus status, long fromMs, long toMs) {
  public OrderFilter {
    if (instrumentId < 0) {
      throw new IllegalArgumentException(
          "instrumentId must be 0 (all) or positive, was " + instrumentId);
    }
    HistoryQueries.requireRange(fromMs, toMs);
  }

  /** Every order of the user. */
  public static OrderFilter all() {
    return new OrderFilter(0, null, 0, Long.MAX_VALUE);
  }

  /** The same filter, on one instrument. */
  public OrderFilter instrument(int id) {
    return new OrderFilter(id, status, fromMs, toMs);
  }

  /** The same filter, on orders in one status. */
  public OrderFilter status(OrderStatus newStatus) {
    return new OrderFilter(instrumentId, newStatus, fromMs, toMs);
  }

  /** The same filter, on orders created in {@code [from, to)}, epoch milliseconds. */
  public OrderFilter created(long from, long to) {
    return new OrderFilter(instrumentId, status, from, to);
  }
}
