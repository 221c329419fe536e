package org.bourse.core;

/**
 * A live order inside the engine: a mutable, pooled node that sits in its price level's queue, in
 * its owner's list of open orders and, while conditional, in its book's stop list. Fields are
 * primitives so the book holds no boxed values, and the queue and list links are {@link
 * OrderHandles handles} rather than references, so rewiring them runs no GC write barrier. Only the
 * engine thread touches it.
 */
final class Order {
  /** Resolves this order's links; the engine's registry, which assigned {@link #handle}. */
  final OrderHandles handles;

  /** This object's handle in {@link #handles}, kept across reuse from the pool. */
  final int handle;

  long orderId;
  String clientOrderId;
  UserState user;
  Book book;
  boolean buy;
  OrderType type;
  TimeInForce timeInForce;
  SelfTradePrevention stp;
  OrderStatus status;
  long priceTicks;
  long stopPriceTicks;
  long quantityLots;
  long quoteAmount;
  long filledLots;
  long cumulativeQuote;
  long makerPpm;
  long takerPpm;
  long cumMakerNotional;
  long cumTakerNotional;
  long feesPaid;

  /** What this order holds in HELD: quote minor units for a buy, base minor units for a sell. */
  long hold;

  /** Whether a conditional order has been triggered (and now executes as MARKET or LIMIT). */
  boolean triggered;

  /** The trade price that triggered this order; only meaningful while it waits to execute. */
  long triggerPriceTicks;

  /** Set when matching ended this order by self-trade prevention. */
  boolean expiredInMatch;

  PriceLevel level;

  /** The handles of the neighbours in the price level's queue; 0 at either end. */
  int prevHandle;

  int nextHandle;

  /** The handles of the neighbours in the owner's list of open orders; 0 at either end. */
  int userPrevHandle;

  int userNextHandle;

  Order(OrderHandles handles) {
    this.handles = handles;
    this.handle = handles.register(this);
  }

  /** The next order in the price level's queue (time priority), or null. */
  Order next() {
    return handles.get(nextHandle);
  }

  /** The next order in the owner's list of open orders, or null. */
  Order userNext() {
    return handles.get(userNextHandle);
  }

  long remainingLots() {
    return quantityLots - filledLots;
  }

  /** Executes as a market order now: a MARKET, or a triggered STOP_LOSS / TAKE_PROFIT. */
  boolean marketLike() {
    return type == OrderType.MARKET || type == OrderType.STOP_LOSS || type == OrderType.TAKE_PROFIT;
  }

  boolean byQuote() {
    return quantityLots == 0;
  }

  Side side() {
    return buy ? Side.BUY : Side.SELL;
  }

  /** Whether this conditional order triggers at this last price. */
  boolean triggersAt(long lastPriceTicks) {
    return OrderRules.triggers(type, buy, stopPriceTicks, lastPriceTicks);
  }

  OrderState toState() {
    return new OrderState(
        orderId,
        clientOrderId,
        user.userId,
        book.instrumentId,
        side(),
        type,
        timeInForce,
        stp,
        status,
        priceTicks,
        stopPriceTicks,
        quantityLots,
        quoteAmount,
        filledLots,
        cumulativeQuote,
        feesPaid);
  }

  void clear() {
    clientOrderId = null;
    user = null;
    book = null;
    type = null;
    timeInForce = null;
    stp = null;
    status = null;
    level = null;
    prevHandle = 0;
    nextHandle = 0;
    userPrevHandle = 0;
    userNextHandle = 0;
    triggered = false;
    triggerPriceTicks = 0;
    expiredInMatch = false;
    orderId = 0;
    priceTicks = 0;
    stopPriceTicks = 0;
    quantityLots = 0;
    quoteAmount = 0;
    filledLots = 0;
    cumulativeQuote = 0;
    makerPpm = 0;
    takerPpm = 0;
    cumMakerNotional = 0;
    cumTakerNotional = 0;
    feesPaid = 0;
    hold = 0;
  }
}
