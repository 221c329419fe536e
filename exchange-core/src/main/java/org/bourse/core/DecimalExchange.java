package org.bourse.core;

import java.math.BigDecimal;
import java.util.function.LongSupplier;

/**
 * A convenience layer over {@link Exchange} for embedding and backtests: assets by code,
 * instruments by symbol, and prices, quantities and amounts as exact decimal strings.
 *
 * <p>Conversion never rounds: a price off the tick, a quantity off the lot or an amount with more
 * decimals than the asset's scale is rejected ({@link RejectReason#PRICE_NOT_ON_TICK}, {@link
 * RejectReason#QUANTITY_NOT_ON_LOT}, {@link RejectReason#AMOUNT_NOT_ON_SCALE}; a string that is not
 * a number gets the matching {@code INVALID_*} reason) with a message naming the field and the
 * rule, and such a command never reaches the engine (its result has sequence 0).
 *
 * <p>Command ids are the engine's next sequence number, so don't mix this layer with commands whose
 * ids you choose yourself in that range. Timestamps come from the supplied clock, which for a
 * backtest is simulated time.
 *
 * <p><b>Thread-safety:</b> none, like the {@link Exchange} it wraps.
 */
public interface DecimalExchange {

  /**
   * Wraps an exchange.
   *
   * @param clockMs supplies each command's timestamp, epoch ms, never decreasing
   */
  static DecimalExchange over(Exchange exchange, LongSupplier clockMs) {
    return new DecimalAdapter(exchange, clockMs);
  }

  /** The wrapped exchange, for queries and commands in ticks and lots. */
  Exchange exchange();

  /** Defines an asset; see {@link Command.DefineAsset}. */
  CommandResult defineAsset(int assetId, String code, int scale);

  /** Defines an instrument; see {@link InstrumentSpec}. */
  CommandResult defineInstrument(InstrumentSpec spec);

  /** Opens a user. */
  CommandResult addUser(long userId);

  /** Deposits an amount of an asset, e.g. {@code deposit(7, "USDT", "1000.50")}. */
  CommandResult deposit(long userId, String assetCode, String amount);

  /** Requests a withdrawal (funds are held until it is completed or canceled). */
  CommandResult requestWithdrawal(long userId, String assetCode, String amount);

  /** Transfers an amount between users. */
  CommandResult transfer(long fromUserId, long toUserId, String assetCode, String amount);

  /** Places a GTC limit order, e.g. {@code placeLimit(7, "BTCUSDT", BUY, "30000.5", "0.01")}. */
  CommandResult placeLimit(long userId, String symbol, Side side, String price, String quantity);

  /** Places a market order by base quantity. */
  CommandResult placeMarket(long userId, String symbol, Side side, String quantity);

  /** Places any order. */
  CommandResult place(long userId, String symbol, DecimalOrder order);

  /** Cancels an open order. */
  CommandResult cancel(long userId, long orderId);

  /**
   * Amends a resting order.
   *
   * @param newPrice the new price, or {@code null} to keep it
   * @param newQuantity the new total quantity, or {@code null} to keep it
   */
  CommandResult amend(long userId, long orderId, String newPrice, String newQuantity);

  /** The user's available balance in an asset, in asset units (zero if unknown). */
  BigDecimal available(long userId, String assetCode);

  /** The user's held balance in an asset, in asset units (zero if unknown). */
  BigDecimal held(long userId, String assetCode);

  /** A price in ticks as a decimal of the instrument's quote, at the tick size's scale. */
  BigDecimal price(String symbol, long priceTicks);

  /** A quantity in lots as a decimal of the instrument's base, at the lot size's scale. */
  BigDecimal quantity(String symbol, long quantityLots);

  /** An amount in minor units as a decimal of the asset. */
  BigDecimal amount(String assetCode, long minorUnits);
}
