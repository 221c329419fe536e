package org.bourse.cli.bench;

import java.util.Arrays;

/**
 * Exact percentiles of a set of latencies, from the sorted values themselves: no histogram, no
 * bucketing error. A million {@code long}s sort in well under a second, so there is no reason to
 * approximate.
 *
 * <p>The p-th percentile is the nearest-rank value: the smallest value with at least p% of all
 * values at or below it, i.e. the value at rank {@code ceil(p / 100 * n)} (from 1). Percentiles are
 * given in basis points (hundredths of a percent) so that the rank is computed in integers: p99.9
 * of a million values is exactly rank 999,000, with no floating-point rounding to argue about.
 */
final class Latencies {
  static final int P50 = 5_000;
  static final int P90 = 9_000;
  static final int P99 = 9_900;
  static final int P99_9 = 9_990;

  private final long[] sortedNanos;

  /**
   * @param nanos the latencies, at least one; sorted in place
   */
  Latencies(long[] nanos) {
    if (nanos.length == 0) {
      throw new IllegalArgumentException("no latencies");
    }
    Arrays.sort(nanos);
    this.sortedNanos = nanos;
  }

  int count() {
    return sortedNanos.length;
  }

  /**
   * The nearest-rank percentile.
   *
   * @param basisPoints 1 to 10,000 (p50 is 5,000, p99.9 is 9,990)
   */
  long percentileNanos(int basisPoints) {
    if (basisPoints < 1 || basisPoints > 10_000) {
      throw new IllegalArgumentException("percentile out of range: " + basisPoints + " bp");
    }
    long n = sortedNanos.length;
    long rank = (basisPoints * n + 9_999) / 10_000;
    return sortedNanos[(int) rank - 1];
  }

  long maxNanos() {
    return sortedNanos[sortedNanos.length - 1];
  }
}
