package org.bourse.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Latency at a fixed offered rate. Commands are due at fixed intervals; each command's latency is
 * its completion time minus the time it was due (not the time it was actually submitted), so a
 * stall delays the commands queued behind it and all of them count it: the measurement does not
 * suffer from coordinated omission, and needs no after-the-fact correction. Each driver collects
 * garbage just before a schedule starts ({@link Pacing#settleHeap}), so that collections inside the
 * window copy the engine's garbage, not the run's own freshly allocated bookkeeping.
 *
 * <p>The measured part follows a warm-up at the same rate, in chunks of a quarter of the measured
 * length, which is not recorded. The warm-up ends after the first chunk during which the JIT
 * compilers worked for less than {@link #QUIET_JIT_MS}, or after {@link #MAX_WARMUP_CHUNKS} chunks.
 * A fixed quarter was too short: a scheduled run takes paths a throughput run does not (completion
 * callbacks, paced submission), and on a 2-core machine the compiler threads that compile them take
 * a core from the producer or the engine for milliseconds at a time. Runs with 50 ms of compilation
 * inside the measured window had a p99 ten times that of runs with none. The compilation time
 * inside the measured window is recorded with the result, so a report shows any run that was still
 * warming up.
 *
 * <p>Each command's latency splits into its <em>lateness</em> (due to actually submitted: the
 * producer thread's own delay, from a late wake-up, a stall of the machine, or a submission ahead
 * of it that blocked) and its <em>service time</em> (submitted to completed). The split is recorded
 * alongside, so that a report can tell the harness's delays from the engine's; the latency itself
 * still counts both, by design.
 */
final class Latency {
  private static final long HIGHEST_TRACKABLE_NS = TimeUnit.MINUTES.toNanos(10);

  /** The most warm-up chunks before the measured part, each a quarter of its length. */
  static final int MAX_WARMUP_CHUNKS = 4;

  /** A warm-up chunk with less JIT compilation than this, milliseconds, ends the warm-up. */
  static final long QUIET_JIT_MS = 10;

  /** Commands after the fill phase per measured command: the measured part and the warm-up. */
  private static final double FLOW_PER_MEASURED = 1 + MAX_WARMUP_CHUNKS / 4.0;

  private static final CompilationMXBean JIT = ManagementFactory.getCompilationMXBean();

  private Latency() {}

  /**
   * The distributions of one engine at one rate, nanoseconds, over the same commands: {@code
   * latency} (due to completed) is {@code lateness} (due to submitted) plus {@code service}
   * (submitted to completed) per command; percentiles do not add. {@code steal} is the CPU time the
   * hypervisor took over the measured run. {@code warmupSeconds} is how long the warm-up ran at the
   * rate; {@code jitMs} is the JIT compilers' time during the measured run, milliseconds, or -1
   * where the JVM does not report it.
   */
  record Result(
      String engine,
      long ratePerSecond,
      Histogram latency,
      Histogram lateness,
      Histogram service,
      CpuSteal steal,
      double warmupSeconds,
      long jitMs,
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

  /** How many commands a flow for this rate and duration needs, the longest warm-up included. */
  static int commandsFor(long ratePerSecond, double seconds) {
    return (int)
        Math.min(Integer.MAX_VALUE - 1, Math.round(ratePerSecond * seconds * FLOW_PER_MEASURED));
  }

  /** Loads the flow on a fresh engine and runs it at the rate. */
  static Result measure(EngineDriver driver, OrderFlow flow, long ratePerSecond) throws Exception {
    driver.load(flow);
    try {
      double intervalNs = 1e9 / ratePerSecond;
      int measured = (int) ((flow.size - flow.fillCount) / FLOW_PER_MEASURED);
      int chunk = Math.max(1, measured / 4);
      // One set of arrays for the warm-up chunks and the measured part, allocated before any runs.
      long[] scheduled = new long[measured];
      long[] submitted = new long[measured];
      long[] completed = new long[measured];
      int next = flow.fillCount;
      int chunks = 0;
      boolean quiet;
      do {
        long jitBefore = jitMs();
        driver.runScheduled(next, next + chunk, intervalNs, scheduled, submitted, completed);
        next += chunk;
        chunks++;
        // Without compilation times every chunk runs: the warm-up cannot tell when it is done.
        quiet = jitBefore >= 0 && jitMs() - jitBefore < QUIET_JIT_MS;
      } while (chunks < MAX_WARMUP_CHUNKS && !quiet);
      RunCounters before = new RunCounters();
      before.add(driver.counters());
      CpuSteal stealBefore = CpuSteal.read();
      long jitBefore = jitMs();
      driver.runScheduled(next, next + measured, intervalNs, scheduled, submitted, completed);
      long measuredJitMs = jitBefore < 0 ? -1 : jitMs() - jitBefore;
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
      double warmupSeconds = chunks * chunk * intervalNs / 1e9;
      return new Result(
          driver.name(),
          ratePerSecond,
          latency,
          lateness,
          service,
          steal,
          warmupSeconds,
          measuredJitMs,
          counters);
    } finally {
      driver.close();
      System.gc();
    }
  }

  /** The JIT compilers' accumulated time, milliseconds, or -1 where the JVM does not report it. */
  private static long jitMs() {
    return JIT != null && JIT.isCompilationTimeMonitoringSupported()
        ? JIT.getTotalCompilationTime()
        : -1;
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
