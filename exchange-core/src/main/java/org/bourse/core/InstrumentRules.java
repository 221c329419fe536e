package org.bourse.core;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Turns an {@link InstrumentSpec} into the integer factors the engine trades in, refusing specs
 * that would need rounding or could overflow. Each refusal says which rule failed.
 */
final class InstrumentRules {
  /** Notional bound: leaves room for a 100% fee and the rounding unit on top of any order. */
  static final long MAX_NOTIONAL = Long.MAX_VALUE / 2 - 1;

  private InstrumentRules() {}

  /**
   * @throws IllegalArgumentException naming the broken rule
   */
  static Instrument derive(InstrumentSpec spec, Asset base, Asset quote) {
    checkSteps(spec);
    long baseMinorPerLot =
        whole(
            "lotSize x 10^" + base.scale() + " (" + base.code() + " minor units per lot)",
            spec.lotSize().movePointRight(base.scale()));
    long quoteMinorPerTickLot =
        whole(
            "tickSize x lotSize x 10^"
                + quote.scale()
                + " ("
                + quote.code()
                + " minor units per tick and lot)",
            spec.tickSize().multiply(spec.lotSize()).movePointRight(quote.scale()));
    long minLots = steps("minQuantity", spec.minQuantity(), "lotSize", spec.lotSize());
    long maxLots = steps("maxQuantity", spec.maxQuantity(), "lotSize", spec.lotSize());
    long maxTicks = steps("maxPrice", spec.maxPrice(), "tickSize", spec.tickSize());
    long minNotional =
        whole(
            "minNotional x 10^" + quote.scale() + " (" + quote.code() + " minor units)",
            spec.minNotional().movePointRight(quote.scale()));
    BigInteger maxNotional =
        BigInteger.valueOf(maxTicks)
            .multiply(BigInteger.valueOf(maxLots))
            .multiply(BigInteger.valueOf(quoteMinorPerTickLot));
    if (maxNotional.compareTo(BigInteger.valueOf(MAX_NOTIONAL)) > 0) {
      throw new IllegalArgumentException(
          "maxPrice x maxQuantity = "
              + maxNotional
              + " "
              + quote.code()
              + " minor units could overflow a 64-bit amount with fees (limit "
              + MAX_NOTIONAL
              + ")");
    }
    BigInteger maxBase = BigInteger.valueOf(maxLots).multiply(BigInteger.valueOf(baseMinorPerLot));
    if (maxBase.compareTo(BigInteger.valueOf(MAX_NOTIONAL)) > 0) {
      throw new IllegalArgumentException(
          "maxQuantity = " + maxBase + " " + base.code() + " minor units could overflow");
    }
    return new Instrument(
        spec,
        base.scale(),
        quote.scale(),
        baseMinorPerLot,
        quoteMinorPerTickLot,
        minLots,
        maxLots,
        maxTicks,
        minNotional,
        spec.status());
  }

  /**
   * The rules that need no asset: distinct assets, positive sizes, and limits on their steps.
   *
   * @throws IllegalArgumentException naming the broken rule
   */
  static void checkSteps(InstrumentSpec spec) {
    if (spec.baseAssetId() == spec.quoteAssetId()) {
      throw new IllegalArgumentException("baseAssetId and quoteAssetId must differ");
    }
    positive("tickSize", spec.tickSize());
    positive("lotSize", spec.lotSize());
    positive("minQuantity", spec.minQuantity());
    positive("maxQuantity", spec.maxQuantity());
    positive("maxPrice", spec.maxPrice());
    if (!isReasonable(spec.minNotional())) {
      throw new IllegalArgumentException("minNotional " + spec.minNotional() + " is out of range");
    }
    if (spec.minNotional().signum() < 0) {
      throw new IllegalArgumentException("minNotional must not be negative");
    }
    long minLots = steps("minQuantity", spec.minQuantity(), "lotSize", spec.lotSize());
    long maxLots = steps("maxQuantity", spec.maxQuantity(), "lotSize", spec.lotSize());
    steps("maxPrice", spec.maxPrice(), "tickSize", spec.tickSize());
    if (minLots > maxLots) {
      throw new IllegalArgumentException("minQuantity must not exceed maxQuantity");
    }
  }

  /**
   * Whether a decimal is small enough to compute with cheaply: at most 40 significant digits and a
   * scale within ±40. Every sensible price, size or amount is; a value like {@code 1E+2147483647}
   * is refused before any arithmetic touches it.
   */
  static boolean isReasonable(BigDecimal value) {
    return value.precision() <= 40 && Math.abs(value.scale()) <= 40;
  }

  private static void positive(String field, BigDecimal value) {
    if (!isReasonable(value)) {
      throw new IllegalArgumentException(field + " " + value + " is out of range");
    }
    if (value.signum() <= 0) {
      throw new IllegalArgumentException(field + " must be positive, was " + value);
    }
  }

  private static long whole(String what, BigDecimal value) {
    BigDecimal stripped = value.stripTrailingZeros();
    if (stripped.scale() > 0) {
      throw new IllegalArgumentException(
          what + " must be a whole number, was " + stripped.toPlainString());
    }
    try {
      long result = stripped.longValueExact();
      if (result < 0) {
        throw new IllegalArgumentException(what + " must not be negative");
      }
      return result;
    } catch (ArithmeticException tooLarge) {
      throw new IllegalArgumentException(what + " does not fit in a 64-bit integer", tooLarge);
    }
  }

  private static long steps(String field, BigDecimal value, String stepName, BigDecimal step) {
    BigDecimal[] qr = value.divideAndRemainder(step);
    if (qr[1].signum() != 0) {
      throw new IllegalArgumentException(
          field
              + " "
              + value.toPlainString()
              + " must be a multiple of "
              + stepName
              + " "
              + step.toPlainString());
    }
    try {
      return qr[0].longValueExact();
    } catch (ArithmeticException tooLarge) {
      throw new IllegalArgumentException(field + " is too many steps of " + stepName, tooLarge);
    }
  }
}
