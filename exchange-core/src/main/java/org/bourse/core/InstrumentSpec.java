package org.bourse.core;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * The definition of an instrument, in decimals as a listing team writes it.
 *
 * <p>Rules checked when it is defined (a rejection with {@link RejectReason#INVALID_DEFINITION}
 * otherwise): the base and quote assets exist and differ; all sizes are positive; {@code lotSize x
 * 10^baseScale} and {@code tickSize x lotSize x 10^quoteScale} are whole numbers (so every price
 * and quantity maps to whole minor units); {@code minQuantity}, {@code maxQuantity} are multiples
 * of {@code lotSize} and {@code maxPrice} of {@code tickSize}; and {@code maxPrice x maxQuantity}
 * in quote minor units, plus a 100% fee, fits in a {@code long} so no order on it can overflow.
 *
 * @param instrumentId 1..{@link ExchangeConfig#maxInstruments()}
 * @param symbol e.g. "BTCUSDT": 1 to 20 upper-case letters, digits, '-' or '_'
 * @param tickSize the price step, in quote units (e.g. 0.01)
 * @param lotSize the quantity step, in base units (e.g. 0.00001)
 * @param minQuantity the smallest order quantity, base units
 * @param maxQuantity the largest order quantity, base units
 * @param maxPrice the highest price, quote units
 * @param minNotional the smallest price x quantity, quote units (0 for none)
 * @param defaultSelfTradePrevention the STP mode of orders that name none
 * @param status the initial status
 */
public record InstrumentSpec(
    int instrumentId,
    String symbol,
    int baseAssetId,
    int quoteAssetId,
    BigDecimal tickSize,
    BigDecimal lotSize,
    BigDecimal minQuantity,
    BigDecimal maxQuantity,
    BigDecimal maxPrice,
    BigDecimal minNotional,
    SelfTradePrevention defaultSelfTradePrevention,
    InstrumentStatus status) {
  public InstrumentSpec {
    Objects.requireNonNull(symbol, "symbol");
    Objects.requireNonNull(tickSize, "tickSize");
    Objects.requireNonNull(lotSize, "lotSize");
    Objects.requireNonNull(minQuantity, "minQuantity");
    Objects.requireNonNull(maxQuantity, "maxQuantity");
    Objects.requireNonNull(maxPrice, "maxPrice");
    Objects.requireNonNull(minNotional, "minNotional");
    Objects.requireNonNull(defaultSelfTradePrevention, "defaultSelfTradePrevention");
    Objects.requireNonNull(status, "status");
  }

  /**
   * A trading instrument with no minimum notional and STP {@code EXPIRE_TAKER}, sizes given as
   * decimal strings.
   */
  public static InstrumentSpec of(
      int instrumentId,
      String symbol,
      int baseAssetId,
      int quoteAssetId,
      String tickSize,
      String lotSize,
      String minQuantity,
      String maxQuantity,
      String maxPrice) {
    return new InstrumentSpec(
        instrumentId,
        symbol,
        baseAssetId,
        quoteAssetId,
        new BigDecimal(tickSize),
        new BigDecimal(lotSize),
        new BigDecimal(minQuantity),
        new BigDecimal(maxQuantity),
        new BigDecimal(maxPrice),
        BigDecimal.ZERO,
        SelfTradePrevention.EXPIRE_TAKER,
        InstrumentStatus.TRADING);
  }

  /** The same spec with a minimum notional, quote units. */
  public InstrumentSpec withMinNotional(String value) {
    return new InstrumentSpec(
        instrumentId,
        symbol,
        baseAssetId,
        quoteAssetId,
        tickSize,
        lotSize,
        minQuantity,
        maxQuantity,
        maxPrice,
        new BigDecimal(value),
        defaultSelfTradePrevention,
        status);
  }

  /** The same spec with another default STP mode. */
  public InstrumentSpec withDefaultSelfTradePrevention(SelfTradePrevention mode) {
    return new InstrumentSpec(
        instrumentId,
        symbol,
        baseAssetId,
        quoteAssetId,
        tickSize,
        lotSize,
        minQuantity,
        maxQuantity,
        maxPrice,
        minNotional,
        mode,
        status);
  }
}
