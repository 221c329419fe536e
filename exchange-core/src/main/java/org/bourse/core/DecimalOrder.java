package org.bourse.core;

import java.util.Objects;

/**
 * An order in exact decimal strings, for {@link DecimalExchange}. Unused fields are {@code null}.
 *
 * @param price limit price, quote units, a multiple of the tick size
 * @param quantity base units, a multiple of the lot size
 * @param quoteAmount for market types by quote amount, quote units
 * @param stopPrice trigger price of conditional types
 * @param selfTradePrevention {@code null} for the instrument's default
 */
public record DecimalOrder(
    Side side,
    OrderType type,
    TimeInForce timeInForce,
    String price,
    String quantity,
    String quoteAmount,
    String stopPrice,
    String clientOrderId,
    SelfTradePrevention selfTradePrevention) {
  public DecimalOrder {
    Objects.requireNonNull(side, "side");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(timeInForce, "timeInForce");
  }

  /** A GTC limit order. */
  public static DecimalOrder limit(Side side, String price, String quantity) {
    return new DecimalOrder(
        side, OrderType.LIMIT, TimeInForce.GTC, price, quantity, null, null, null, null);
  }

  /** A market order by base quantity. */
  public static DecimalOrder market(Side side, String quantity) {
    return new DecimalOrder(
        side, OrderType.MARKET, TimeInForce.IOC, null, quantity, null, null, null, null);
  }

  /** A market order by quote amount. */
  public static DecimalOrder marketQuote(Side side, String quoteAmount) {
    return new DecimalOrder(
        side, OrderType.MARKET, TimeInForce.IOC, null, null, quoteAmount, null, null, null);
  }

  /** The same order with another type and stop price (for conditional types). */
  public DecimalOrder withType(OrderType newType, String newStopPrice) {
    return new DecimalOrder(
        side,
        newType,
        timeInForce,
        price,
        quantity,
        quoteAmount,
        newStopPrice,
        clientOrderId,
        selfTradePrevention);
  }

  /** The same order with another time in force. */
  public DecimalOrder withTimeInForce(TimeInForce tif) {
    return new DecimalOrder(
        side,
        type,
        tif,
        price,
        quantity,
        quoteAmount,
        stopPrice,
        clientOrderId,
        selfTradePrevention);
  }

  /** The same order with a client order id. */
  public DecimalOrder withClientOrderId(String id) {
    return new DecimalOrder(
        side, type, timeInForce, price, quantity, quoteAmount, stopPrice, id, selfTradePrevention);
  }

  /** The same order with a self-trade prevention mode. */
  public DecimalOrder withSelfTradePrevention(SelfTradePrevention mode) {
    return new DecimalOrder(
        side, type, timeInForce, price, quantity, quoteAmount, stopPrice, clientOrderId, mode);
  }
}
