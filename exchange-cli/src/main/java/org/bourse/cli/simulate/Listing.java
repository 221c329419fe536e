package org.bourse.cli.simulate;

import java.math.BigDecimal;
import org.bourse.core.InstrumentSpec;
import org.bourse.core.InstrumentStatus;
import org.bourse.core.SelfTradePrevention;

/**
 * The instruments a simulation can list, with steps, bounds and opening prices close to those of
 * large spot venues. The lot sizes are a little coarser than some venues use because every tick x
 * lot must be a whole number of quote minor units (see {@link InstrumentSpec}).
 */
public enum Listing {
  BTCUSDT(Coin.BTC, Coin.USDT, "0.01", "0.0001", "9000", "1000000", "5", "65000.00", "0.05"),
  ETHUSDT(Coin.ETH, Coin.USDT, "0.01", "0.001", "90000", "100000", "5", "3500.00", "0.8"),
  ETHBTC(Coin.ETH, Coin.BTC, "0.00001", "0.001", "90000", "100", "0.0001", "0.05385", "0.8"),
  SOLUSDT(Coin.SOL, Coin.USDT, "0.01", "0.01", "900000", "100000", "5", "150.00", "15");

  final Coin base;
  final Coin quote;

  /** The definition; its instrument id is the position in this catalog, from 1. */
  final InstrumentSpec spec;

  /** Where the fair price starts, in ticks. */
  final long openingTicks;

  /** The size of a typical order, in lots; agents draw sizes around it. */
  final long typicalLots;

  Listing(
      Coin base,
      Coin quote,
      String tickSize,
      String lotSize,
      String maxQuantity,
      String maxPrice,
      String minNotional,
      String openingPrice,
      String typicalQuantity) {
    this.base = base;
    this.quote = quote;
    this.spec =
        new InstrumentSpec(
            ordinal() + 1,
            name(),
            base.assetId(),
            quote.assetId(),
            new BigDecimal(tickSize),
            new BigDecimal(lotSize),
            new BigDecimal(lotSize),
            new BigDecimal(maxQuantity),
            new BigDecimal(maxPrice),
            new BigDecimal(minNotional),
            SelfTradePrevention.EXPIRE_TAKER,
            InstrumentStatus.TRADING);
    this.openingTicks = steps(openingPrice, spec.tickSize());
    this.typicalLots = steps(typicalQuantity, spec.lotSize());
  }

  /** Quote minor units of one lot at a price of one tick. */
  long quoteMinorPerTickLot() {
    return spec.tickSize().multiply(spec.lotSize()).movePointRight(quote.scale).longValueExact();
  }

  /** An exact count of steps; the catalog above is written so that it always is one. */
  private static long steps(String value, BigDecimal step) {
    return new BigDecimal(value).divide(step).longValueExact();
  }
}
