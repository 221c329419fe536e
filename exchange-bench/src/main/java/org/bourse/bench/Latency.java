package org.bourse.bench;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Latency at a fixed offered rate. Commands are due at fixed intervals; each command's latency is
 * its completion time minus the time it was due (not the time it was actually submitted), so a
 * stall delays the commands queued behind it and all of them count it: the measurement does not
 * suffer from coordinated omission, and needs no after-the-fact correction. A warm-up quarter at
 * the same rate precedes the measured part and is not recorded. Each driver collects garbage just
 * before a schedule starts ({@link Pacing#settleHeap}), so that collections inside the window copy
 * the engine's garbage, not the run's own freshly allocated bookkeeping.
 */
final class Latency {
  private static final long HIGHEST_TRACKABLE_NS = TimeUnit.MINUTES.toNanos(10);

  private Latency() {}

  /** The latency distribution of one engine at one rate, nanoseconds. */
  record Result(String engine, long ratePerSecond, Histogram histogram, RunCounters counters) {

    /** The value at a percentile, microseconds. */
    double micros(double percentile) {
      return histogram.getValueAtPercentile(percentile) / 1_000.0;
    }

    double maxMicros() {
      return histogram.getMaxValue() / 1_000.0;
    }
  }

  /** How many commands a flow for this rate and duration needs, warm-up included. */
  static int commandsFor(long ratePerSecond, double seconds) {
    return (int) Math.min(Integer.MAX_VALUE - 1, Math.round(ratePerSecond * seconds * 1.25));
  }

  /** Loads the flow on a fresh engine and runs it at the rate. */
  static Result measure(EngineDriver driver, OrderFlow flow, long ratePerSecond) throws Exception {
    driver.load(flow);
    try {
      double intervalNs = 1e9 / ratePerSecond;
      int measured = (int) ((flow.size - flow.fillCount) / 1.25);
      int warmupEnd = flow.size - measured;
      long[] scheduled = new long[flow.size - flow.fillCount];
      long[] completed = new long[flow.size - flow.fillCount];
      driver.runScheduled(flow.fillCount, warmupEnd, intervalNs, scheduled, completed);
      RunCounters warmup = driver.counters();
      RunCounters before = new RunCounters();
      before.add(warmup);
      scheduled = new long[measured];
      completed = new long[measured];
      driver.runScheduled(warmupEnd, flow.size, intervalNs, scheduled, completed);
      Histogram histogram = new Histogram(HIGHEST_TRACKABLE_NS, 3);
      for (int k = 0; k < measured; k++) {
        long latency = Math.max(0, completed[k] - scheduled[k]);
        histogram.recordValue(Math.min(latency, HIGHEST_TRACKABLE_NS));
      }
      return new Result(driver.name(), ratePerSecond, histogram, since(before, driver.counters()));
    } finally {
      driver.close();
      System.gc();
    }
  }

  private static RunCounters since(RunCounters before, RunCounters now) {
    RunCounters out = new RunCounters();
    out.commands = now.commands - before.commands;
    out.rejected = now.rejected - before.rejected;
    out.trades = now.trades - before.trades;
    out.idMismatches = now.idMismatches - before.idMismatches;
    now.reasons.forEach(
        (k, v) -> {
          long n = v - before.reasons.getOrDefault(k, 0L);
          if (n > 0) {
            out.reasons.put(k, n);
          }
        });
    return out;
  }
}
