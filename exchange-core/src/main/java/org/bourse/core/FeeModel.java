package org.bourse.core;

/**
 * Chooses the fee rates of an order when it is accepted; the order keeps them for its life, so its
 * hold covers its worst-case fee.
 *
 * <p>Implementations must be pure and deterministic (no clock, no I/O, no mutable state): the
 * engine calls them on its single thread and must reach the same result when the journal is
 * replayed.
 */
@FunctionalInterface
public interface FeeModel {

  /**
   * The rates for an order.
   *
   * @param schedule the current fee schedule
   * @param tier the user's tier: assigned, or from their 30-day volume
   * @param instrumentOverride the instrument's override, or {@code null}
   * @return valid rates (see {@link FeeRates#isValid()})
   */
  FeeRates rates(FeeSchedule schedule, int tier, FeeRates instrumentOverride);

  /** The standard model: the instrument's override if any, else the tier's rates. */
  FeeModel TIERED =
      (schedule, tier, override) ->
          override != null ? override : schedule.tiers().get(tier).rates();
}
