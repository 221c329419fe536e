package org.bourse.core;

/**
 * A live order inside the engine: a mutable, pooled node that sits in its price level's queue, in
 * its owner's list of open orders and, while conditional, in its book's stop list. Fields are
 * primitives so the book holds no boxed values, and the queue and list links are {@link
 * OrderHandles handles} rather than references, so rewiring them runs no GC write barrier. Only the
 * engine thread touches it.
 */
final class Order {
  private static final OrderType[] TYPES = OrderType.values();
  private static final TimeInForce[] TIMES_IN_FORCE = TimeInForce.values();
  private static final SelfTradePrevention[] STPS = SelfTradePrevention.values();
  private static final OrderStatus[] STATUSES = OrderStatus.values();

  /** Resolves this order's links; the engine's registry, which assigned {@link #handle}. */
  final OrderHandles handles;

  /** This object's handle in {@link #handles}, kept across reuse from the pool. */
  final int handle;

  long orderId;
  String clientOrderId;
  UserState user;
  Book book;
  boolean buy;
  // The four enums are kept as ordinals: storing a byte runs no GC write barrier, and the status
  // changes on every fill and end. Read and write them through the accessors below.
  private byte type;
  private byte timeInForce;
  private byte stp;
  private byte status;
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

  OrderType type() {
    return TYPES[type];
  }

  void type(OrderType value) {
    type = (byte) value.ordinal();
  }

  TimeInForce timeInForce() {
    return TIMES_IN_FORCE[timeInForce];
  }

  void timeInForce(TimeInForce value) {
    timeInForce = (byte) value.ordinal();
  }

  SelfTradePrevention stp() {
    return STPS[stp];
  }

  void stp(SelfTradePrevention value) {
    stp = (byte) value.ordinal();
  }

  OrderStatus status() {
    return STATUSES[status];
  }

  void status(OrderStatus value) {
    status = (byte) value.ordinal();
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
    OrderType t = type();
    return t == OrderType.MARKET || t == OrderType.STOP_LOSS || t == OrderType.TAKE_PROFIT;
  }

  boolean byQuote() {
    return quantityLots == 0;
  }

  Side side() {
    return buy ? Side.BUY : Side.SELL;
  }

  /** Whether this conditional order triggers at this last price. */
  boolean triggersAt(long lastPriceTicks) {
    return OrderRules.triggers(type(), buy, stopPriceTicks, lastPriceTicks);
  }

  OrderState toState() {
    return new OrderState(
        orderId,
        clientOrderId,
        user.userId,
        book.instrumentId,
        side(),
        type(),
        timeInForce(),
        stp(),
        status(),
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
    type = 0;
    timeInForce = 0;
    stp = 0;
    status = 0;
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
