package org.bourse.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LatenciesTest {

  /** 1..n in reverse, so that the constructor has to sort. */
  private static long[] oneTo(long n) {
    return LongStream.rangeClosed(1, n).map(i -> n + 1 - i).toArray();
  }

  @Test
  void shouldGiveTheNearestRankPercentilesOfAThousandValues() {
    // when
    Latencies latencies = new Latencies(oneTo(1_000));

    // then
    assertEquals(500, latencies.percentileNanos(Latencies.P50));
    assertEquals(900, latencies.percentileNanos(Latencies.P90));
    assertEquals(990, latencies.percentileNanos(Latencies.P99));
    assertEquals(999, latencies.percentileNanos(Latencies.P99_9));
    assertEquals(1_000, latencies.maxNanos());
    assertEquals(1_000, latencies.count());
  }

  @Test
  void shouldComputeRanksInIntegersWithoutRoundingErrors() {
    // given: 99.9 / 100 * 1,000,000 is not exactly 999,000 in binary floating point
    Latencies latencies = new Latencies(oneTo(1_000_000));

    // then
    assertEquals(999_000, latencies.percentileNanos(Latencies.P99_9));
    assertEquals(990_000, latencies.percentileNanos(Latencies.P99));
  }

  @Test
  void shouldRoundRanksUpForSmallSets() {
    // given: p50 of three values is the second (rank ceil(1.5) = 2), p99 of them the third
    Latencies latencies = new Latencies(new long[] {30, 10, 20});

    // then
    assertEquals(20, latencies.percentileNanos(Latencies.P50));
    assertEquals(30, latencies.percentileNanos(Latencies.P99));
    assertEquals(10, latencies.percentileNanos(1));
  }

  @Test
  void shouldGiveTheOnlyValueForEveryPercentileOfOne() {
    // when
    Latencies latencies = new Latencies(new long[] {7});

    // then
    assertEquals(7, latencies.percentileNanos(Latencies.P50));
    assertEquals(7, latencies.percentileNanos(Latencies.P99_9));
    assertEquals(7, latencies.maxNanos());
  }

  @Test
  void shouldRefuseNoValuesAndPercentilesOutOfRange() {
    // then
    assertThrows(IllegalArgumentException.class, () -> new Latencies(new long[0]));
    Latencies latencies = new Latencies(new long[] {1, 2});
    assertThrows(IllegalArgumentException.class, () -> latencies.percentileNanos(0));
    assertThrows(IllegalArgumentException.class, () -> latencies.percentileNanos(10_001));
  }
}
