package org.bourse.core;

/**
 * Fee arithmetic in parts per million, exact and overflow-free for notionals up to {@code
 * Long.MAX_VALUE}.
 *
 * <p>Rounding is cumulative per order and liquidity role: the fee of a fill is {@code f(before +
 * notional) - f(before)}, where {@code f} rounds up (fees) or down (rebates). An order's total fee
 * is therefore the rounded fee of its total notional, however it was split into fills, and a buy's
 * hold of {@code notional + ceil(notional x rate) + 1} (the +1 covers rounding in both roles)
 * always covers it.
 */
final class Fees {
  private static final long PPM = FeeRates.ONE_MILLION;

  private Fees() {}

  /** ceil(amount x ppm / 1e6) for amount >= 0 and 0 <= ppm <= 1e6. */
  static long ceilPpm(long amount, long ppm) {
    long whole = amount / PPM * ppm;
    long part = amount % PPM * ppm;
    return whole + (part + PPM - 1) / PPM;
  }

  /** floor(amount x ppm / 1e6) for amount >= 0 and 0 <= ppm <= 1e6. */
  static long floorPpm(long amount, long ppm) {
    return amount / PPM * ppm + amount % PPM * ppm / PPM;
  }

  /**
   * The fee of one fill of {@code notional} after {@code before} of the same order and role, at
   * {@code ppm} (negative: a rebate, returned negative and rounded toward zero).
   */
  static long charge(long before, long notional, long ppm) {
    long after = before + notional;
    if (ppm >= 0) {
      return ceilPpm(after, ppm) - ceilPpm(before, ppm);
    }
    return -(floorPpm(after, -ppm) - floorPpm(before, -ppm));
  }

  /** The highest rate an order with these rates can pay in either role; 0 when both rebate. */
  static long worstCasePpm(long makerPpm, long takerPpm) {
    return Math.max(0, Math.max(makerPpm, takerPpm));
  }

  /** What a buy of {@code notional} holds at a worst-case rate of {@code ppm} (>= 0). */
  static long holdFor(long notional, long ppm) {
    long fee = ceilPpm(notional, ppm) + (ppm > 0 ? 1 : 0);
    return Math.addExact(notional, fee);
  }
}
