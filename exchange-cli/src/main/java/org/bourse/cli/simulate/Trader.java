package org.bourse.cli.simulate;

import java.util.ArrayDeque;
import org.bourse.core.Side;

/**
 * What one simulated user believes about its own open orders.
 *
 * <p>Traders don't read their fills, so a belief can be stale. They guess: an order the fair price
 * has reached has probably traded, and they forget it rather than cancel it. A wrong guess in one
 * direction costs a reject (canceling an order that had filled, as happens on real venues); in the
 * other it leaves an order on the book that the trader no longer counts, until its next cancel-all.
 */
final class Trader {
  /**
   * An open order as its owner remembers it.
   *
   * @param priceTicks the limit price, or the stop price of a stop order
   */
  record Resting(
      String clientOrderId,
      Market market,
      Side side,
      boolean stop,
      long priceTicks,
      long quantityLots) {

    /**
     * Whether the fair price has reached the order: a limit buy or a stop sell when it fell to the
     * price, a limit sell or a stop buy when it rose to it.
     */
    boolean probablyGone() {
      boolean endsOnFall = (side == Side.BUY) != stop;
      return endsOnFall ? market.fairTicks <= priceTicks : market.fairTicks >= priceTicks;
    }
  }

  final long userId;

  /** Orders believed open, oldest first. */
  final ArrayDeque<Resting> resting = new ArrayDeque<>();

  /** A market maker's quotes by market, side and level; null where there is none. */
  final Resting[] quotes;

  Trader(long userId, int quoteSlots) {
    this.userId = userId;
    this.quotes = new Resting[quoteSlots];
  }

  /** Removes and returns the oldest order not {@link Resting#probablyGone gone}, or null. */
  Resting pollLive() {
    Resting order;
    while ((order = resting.poll()) != null) {
      if (!order.probablyGone()) {
        return order;
      }
    }
    return null;
  }
}
