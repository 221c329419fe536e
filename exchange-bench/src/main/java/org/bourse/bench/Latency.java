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
 *
 * <p>Each command's latency splits into its <em>lateness</em> (due to actually submitted: the
 * producer thread's own delay, from a late wake-up, a stall of the machine, or a submission ahead
 * of it that blocked) and its <em>service time</em> (submitted to completed). The split is recorded
 * alongside, so that a report can tell the harness's delays from the engine's; the latency itself
 * still counts both, by design.
 */
final class Latency {
  private static final long HIGHEST_TRACKABLE_NS = TimeUnit.MINUTES.toNanos(10);

  private Latency() {}

  /**
   * The distributions of one engine at one rate, nanoseconds, over the same commands: {@code
   * latency} (due to completed) is {@code lateness} (due to submitted) plus {@code service}
   * (submitted to completed) per command; percentiles do not add. {@code steal} is the CPU time the
   * hypervisor took over the measured run.
   */
  record Result(
      String engine,
      long ratePerSecond,
      Histogram latency,
      Histogram lateness,
      Histogram service,
      CpuSteal steal,
      RunCounters counters) {

    /** The latency at a percentile, microseconds. */
    double micros(double percentile) {
      return micros(latency, percentile);
    }

    /** The largest latency, microseconds. */
    double maxMicros() {
      return latency.getMaxValue() / 1_000.0;
    }

    /** A value of any of the three histograms at a percentile, microseconds. */
    static double micros(Histogram histogram, double percentile) {
      return histogram.getValueAtPercentile(percentile) / 1_000.0;
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
      // One set of arrays for the warm-up and the measured part, allocated before either runs.
      int slots = Math.max(measured, warmupEnd - flow.fillCount);
      long[] scheduled = new long[slots];
      long[] submitted = new long[slots];
      long[] completed = new long[slots];
      driver.runScheduled(flow.fillCount, warmupEnd, intervalNs, scheduled, submitted, completed);
      RunCounters before = new RunCounters();
      before.add(driver.counters());
      CpuSteal stealBefore = CpuSteal.read();
      driver.runScheduled(warmupEnd, flow.size, intervalNs, scheduled, submitted, completed);
      CpuSteal steal = CpuSteal.read().since(stealBefore);
      Histogram latency = histogram();
      Histogram lateness = histogram();
      Histogram service = histogram();
      for (int k = 0; k < measured; k++) {
        recordNanos(latency, completed[k] - scheduled[k]);
        recordNanos(lateness, submitted[k] - scheduled[k]);
        recordNanos(service, completed[k] - submitted[k]);
      }
      RunCounters counters = since(before, driver.counters());
      return new Result(driver.name(), ratePerSecond, latency, lateness, service, steal, counters);
    } finally {
      driver.close();
      System.gc();
    }
  }

  private static Histogram histogram() {
    return new Histogram(HIGHEST_TRACKABLE_NS, 3);
  }

  private static void recordNanos(Histogram histogram, long nanos) {
    histogram.recordValue(Math.min(Math.max(0, nanos), HIGHEST_TRACKABLE_NS));
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
