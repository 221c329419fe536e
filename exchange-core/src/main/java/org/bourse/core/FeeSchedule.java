package org.bourse.core;

import java.util.List;
import java.util.Objects;

/**
 * Fee tiers by rolling 30-day traded volume.
 *
 * <p>Volume counts the notional of the user's trades (as maker or taker) in instruments quoted in
 * {@code volumeAssetId}, in daily buckets keyed by the command timestamp's UTC day; the 30-day
 * window is the command's day and the 29 before it. Trades in other quote assets do not count.
 *
 * @param volumeAssetId the asset volumes are measured in (0 when there is only one tier)
 * @param tiers at least one; the first has {@code minVolume30d == 0}; thresholds strictly increase
 */
public record FeeSchedule(int volumeAssetId, List<FeeTier> tiers) {
  /** One tier, no fees: the schedule of a new engine. */
  public static final FeeSchedule FREE = new FeeSchedule(0, List.of(new FeeTier(0, FeeRates.ZERO)));

  public FeeSchedule {
    tiers = List.copyOf(Objects.requireNonNull(tiers, "tiers"));
  }

  /** Whether the tiers are ordered and every rate is within bounds. */
  public boolean isValid() {
    if (tiers.isEmpty() || tiers.get(0).minVolume30d() != 0) {
      return false;
    }
    for (int i = 0; i < tiers.size(); i++) {
      if (!tiers.get(i).rates().isValid()) {
        return false;
      }
      if (i > 0 && tiers.get(i).minVolume30d() <= tiers.get(i - 1).minVolume30d()) {
        return false;
      }
    }
    return true;
  }

  /** The highest tier whose threshold the volume reaches. */
  public int tierFor(long volume30d) {
    int tier = 0;
    for (int i = 1; i < tiers.size(); i++) {
      if (volume30d >= tiers.get(i).minVolume30d()) {
        tier = i;
      }
    }
    return tier;
  }
}
