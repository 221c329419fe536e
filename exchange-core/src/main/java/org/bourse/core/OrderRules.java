package org.bourse.core;

/** Stateless checks of order commands, in the precedence order of {@link RejectReason}. */
final class OrderRules {
  private static final int MAX_CLIENT_ORDER_ID_LENGTH = 36;

  private OrderRules() {}

  /** Checks that don't need any state: signs, which fields a type needs, time in force. */
  static RejectReason validateShape(Command.PlaceOrder c) {
    if (c.clientOrderId() != null && !isClientOrderId(c.clientOrderId())) {
      return RejectReason.INVALID_CLIENT_ORDER_ID;
    }
    OrderType type = c.type();
    if (c.quantityLots() < 0) {
      return RejectReason.INVALID_QUANTITY;
    }
    if (type.hasLimitPrice() ? c.priceTicks() <= 0 : c.priceTicks() != 0) {
      return RejectReason.INVALID_PRICE;
    }
    if (type.isConditional() ? c.stopPriceTicks() <= 0 : c.stopPriceTicks() != 0) {
      return RejectReason.INVALID_STOP_PRICE;
    }
    if (type.hasLimitPrice()) {
      if (c.quantityLots() == 0) {
        return RejectReason.INVALID_QUANTITY;
      }
      if (c.quoteAmount() != 0) {
        return RejectReason.INVALID_AMOUNT;
      }
    } else {
      if (c.quoteAmount() < 0) {
        return RejectReason.INVALID_AMOUNT;
      }
      boolean byQuantity = c.quantityLots() > 0;
      if (byQuantity == (c.quoteAmount() > 0)) {
        return byQuantity ? RejectReason.INVALID_AMOUNT : RejectReason.INVALID_QUANTITY;
      }
      // A waiting market buy must know what to hold, so it is by quote amount; a sell by quantity.
      if (type.isConditional() && byQuantity == (c.side() == Side.BUY)) {
        return byQuantity ? RejectReason.INVALID_QUANTITY : RejectReason.INVALID_AMOUNT;
      }
    }
    boolean marketLike = !type.hasLimitPrice();
    if ((marketLike && c.timeInForce() != TimeInForce.IOC)
        || (type == OrderType.LIMIT_MAKER && c.timeInForce() != TimeInForce.GTC)) {
      return RejectReason.INVALID_TIME_IN_FORCE;
    }
    return null;
  }

  /**
   * Whether {@code id} matches {@code [A-Za-z0-9._:-]{1,36}}: by hand, because a regular expression
   * allocates a matcher on every order.
   */
  static boolean isClientOrderId(String id) {
    int length = id.length();
    if (length < 1 || length > MAX_CLIENT_ORDER_ID_LENGTH) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      char ch = id.charAt(i);
      boolean allowed =
          (ch >= 'a' && ch <= 'z')
              || (ch >= 'A' && ch <= 'Z')
              || (ch >= '0' && ch <= '9')
              || ch == '.'
              || ch == '_'
              || ch == ':'
              || ch == '-';
      if (!allowed) {
        return false;
      }
    }
    return true;
  }

  /** The instrument's filters for a new order. */
  static RejectReason checkFilters(Command.PlaceOrder c, Book book) {
    if (c.priceTicks() > book.maxPriceTicks || c.stopPriceTicks() > book.maxPriceTicks) {
      return RejectReason.PRICE_ABOVE_MAX;
    }
    if (c.quantityLots() > 0) {
      RejectReason quantity = checkQuantity(book, c.quantityLots());
      if (quantity != null) {
        return quantity;
      }
    }
    if (c.type().hasLimitPrice()
        && book.notional(c.priceTicks(), c.quantityLots()) < book.minNotionalMinor) {
      return RejectReason.NOTIONAL_BELOW_MIN;
    }
    if (c.quoteAmount() > 0 && c.quoteAmount() < book.minNotionalMinor) {
      return RejectReason.NOTIONAL_BELOW_MIN;
    }
    return null;
  }

  /** The instrument's filters for an amended price and total quantity. */
  static RejectReason checkAmendFilters(Book book, long priceTicks, long quantityLots) {
    if (priceTicks > book.maxPriceTicks) {
      return RejectReason.PRICE_ABOVE_MAX;
    }
    RejectReason quantity = checkQuantity(book, quantityLots);
    if (quantity != null) {
      return quantity;
    }
    if (book.notional(priceTicks, quantityLots) < book.minNotionalMinor) {
      return RejectReason.NOTIONAL_BELOW_MIN;
    }
    return null;
  }

  private static RejectReason checkQuantity(Book book, long quantityLots) {
    if (quantityLots < book.minQuantityLots) {
      return RejectReason.QUANTITY_BELOW_MIN;
    }
    if (quantityLots > book.maxQuantityLots) {
      return RejectReason.QUANTITY_ABOVE_MAX;
    }
    return null;
  }

  /**
   * Whether a conditional order triggers at a last price: a buy stop-loss or a sell take-profit
   * when the price rises to the stop; a sell stop-loss or a buy take-profit when it falls to it.
   */
  static boolean triggers(OrderType type, boolean buy, long stopPriceTicks, long lastPriceTicks) {
    boolean stopLoss = type == OrderType.STOP_LOSS || type == OrderType.STOP_LOSS_LIMIT;
    boolean onRise = stopLoss == buy;
    return onRise ? lastPriceTicks >= stopPriceTicks : lastPriceTicks <= stopPriceTicks;
  }
}
