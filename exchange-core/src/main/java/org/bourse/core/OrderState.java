package org.bourse.core;

/**
 * An order as it stands at one moment: an event when it changes, and the answer to order queries.
 *
 * @param quantityLots the total quantity (0 for a market order by quote amount)
 * @param quoteAmount the quote amount of a market order by quote amount, else 0
 * @param cumulativeQuote the notional executed so far, quote minor units
 * @param feesPaid the fees charged so far, quote minor units (negative: rebates received)
 * @param selfTradePrevention the effective STP mode
 */
public record OrderState(
    long orderId,
    String clientOrderId,
    long userId,
    int instrumentId,
    Side side,
    OrderType type,
    TimeInForce timeInForce,
    SelfTradePrevention selfTradePrevention,
    OrderStatus status,
    long priceTicks,
    long stopPriceTicks,
    long quantityLots,
    long quoteAmount,
    long filledLots,
    long cumulativeQuote,
    long feesPaid)
    implements ExchangeEvent {

  /** The quantity still open, lots. */
  public long remainingLots() {
    return Math.max(0, quantityLots - filledLots);
  }
}
