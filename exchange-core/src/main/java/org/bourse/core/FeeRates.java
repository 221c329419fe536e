package org.bourse.core;

/**
 * Maker and taker fee rates in parts per million of the notional (1,000 ppm = 0.1%).
 *
 * @param makerPpm -1,000,000..1,000,000; negative is a rebate paid to the maker
 * @param takerPpm 0..1,000,000
 */
public record FeeRates(long makerPpm, long takerPpm) {
  /** No fees. */
  public static final FeeRates ZERO = new FeeRates(0, 0);

  static final long ONE_MILLION = 1_000_000L;

  /** Whether both rates are within their bounds. */
  public boolean isValid() {
    return makerPpm >= -ONE_MILLION
        && makerPpm <= ONE_MILLION
        && takerPpm >= 0
        && takerPpm <= ONE_MILLION;
  }
}
