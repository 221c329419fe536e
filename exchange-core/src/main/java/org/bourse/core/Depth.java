package org.bourse.core;

import java.util.List;

/**
 * Aggregated order book (L2) of one instrument, best levels first.
 *
 * @param updateId the instrument's last book update id this depth includes
 */
public record Depth(int instrumentId, long updateId, List<Level> bids, List<Level> asks) {
  /** One price level: total open quantity and number of orders. */
  public record Level(long priceTicks, long quantityLots, int orders) {}
}
