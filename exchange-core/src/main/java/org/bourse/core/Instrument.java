package org.bourse.core;

/**
 * A defined instrument with the integer factors the engine computes from its {@link
 * InstrumentSpec}.
 *
 * <p>A price of {@code p} ticks and a quantity of {@code q} lots mean {@code q x baseMinorPerLot}
 * base minor units exchanged for {@code p x q x quoteMinorPerTickLot} quote minor units.
 *
 * @param baseMinorPerLot base minor units in one lot
 * @param quoteMinorPerTickLot quote minor units of one lot at a price of one tick
 * @param minNotionalMinor the minimum notional, quote minor units
 * @param status the current status
 */
public record Instrument(
    InstrumentSpec spec,
    int baseScale,
    int quoteScale,
    long baseMinorPerLot,
    long quoteMinorPerTickLot,
    long minQuantityLots,
    long maxQuantityLots,
    long maxPriceTicks,
    long minNotionalMinor,
    InstrumentStatus status) {

  /** Shortcut for {@code spec().instrumentId()}. */
  public int instrumentId() {
    return spec.instrumentId();
  }

  /** Shortcut for {@code spec().symbol()}. */
  public String symbol() {
    return spec.symbol();
  }
}
