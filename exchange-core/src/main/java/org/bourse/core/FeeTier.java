package org.bourse.core;

import java.util.Objects;

/**
 * One tier of a {@link FeeSchedule}.
 *
 * @param minVolume30d the rolling 30-day traded volume that reaches this tier, in minor units of
 *     the schedule's volume asset
 * @param rates the rates of this tier
 */
public record FeeTier(long minVolume30d, FeeRates rates) {
  public FeeTier {
    Objects.requireNonNull(rates, "rates");
  }
}
