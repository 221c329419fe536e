package org.bourse.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * How long the machine keeps a thread that never blocks from running. Each probe starts one or two
 * threads that spin reading {@link System#nanoTime} side by side for the same window; a gap of more
 * than {@link #STALL_NS} between two consecutive readings (an iteration takes tens of nanoseconds)
 * is time the thread did not run, whoever took the core: the hypervisor, the kernel, another
 * process or the JVM. The hypervisor's share is visible as {@link CpuSteal} over the probe.
 *
 * <p>Why it belongs in the report: a latency run needs a producer thread and at least one engine
 * thread running at once, so the stalls of two spinning threads bound the percentiles any engine
 * can reach on the machine. On a 2-vCPU VM, two spinning threads each lost 1–3% of 5 s in stalls of
 * 1–32 ms (in one probe with /proc/stat steal rising by about as much, in others with none, so the
 * guest's own threads) while one thread alone stayed under 0.4 ms.
 */
final class MachineJitter {
  /** A gap above this between two readings is a stall. */
  static final long STALL_NS = 20_000;

  private static final long HIGHEST_TRACKABLE_NS = TimeUnit.MINUTES.toNanos(1);

  /**
   * Spinning before the window starts: the threads are all running before it opens, and the loop is
   * compiled, so compiler threads do not compete with the probe inside the window.
   */
  private static final long LEAD_NS = TimeUnit.MILLISECONDS.toNanos(50);

  private MachineJitter() {}

  /**
   * The stalls of one spinning thread over a probe's window.
   *
   * @param gapsNs every gap above {@link #STALL_NS}, nanoseconds
   * @param over100us how many gaps exceeded 100 µs
   * @param over1ms how many gaps exceeded 1 ms
   * @param stalledNs the sum of all gaps above {@link #STALL_NS}
   */
  record Stalls(Histogram gapsNs, long over100us, long over1ms, long stalledNs) {

    /** How many gaps exceeded {@link #STALL_NS}. */
    long count() {
      return gapsNs.getTotalCount();
    }

    /** The longest gap, microseconds (0 without any). */
    double maxMicros() {
      return gapsNs.getMaxValue() / 1_000.0;
    }
  }

  /**
   * One probe.
   *
   * @param threads how many threads spun side by side
   * @param seconds the length of the window
   * @param stalls one entry per thread
   * @param steal steal time over the probe, all vCPUs
   */
  record Probe(int threads, double seconds, List<Stalls> stalls, CpuSteal steal) {

    /** The share of the window a thread lost, percent. */
    double stalledPercent(Stalls thread) {
      return 100.0 * thread.stalledNs() / (seconds * 1e9);
    }
  }

  /** One thread spinning alone, then two side by side, each for {@code seconds}. */
  static List<Probe> run(double seconds) throws InterruptedException {
    return List.of(probe(1, seconds), probe(2, seconds));
  }

  /** {@code threads} threads spinning side by side over one window of {@code seconds}. */
  static Probe probe(int threads, double seconds) throws InterruptedException {
    long windowNs = (long) (seconds * 1e9);
    Stalls[] stalls = new Stalls[threads];
    Thread[] spinners = new Thread[threads];
    CpuSteal before = CpuSteal.read();
    long fromNs = System.nanoTime() + LEAD_NS;
    long untilNs = fromNs + windowNs;
    for (int t = 0; t < threads; t++) {
      int index = t;
      spinners[t] =
          new Thread(() -> stalls[index] = spin(fromNs, untilNs), "machine-jitter-" + (t + 1));
      spinners[t].setDaemon(true);
      spinners[t].start();
    }
    for (Thread spinner : spinners) {
      spinner.join();
    }
    return new Probe(threads, seconds, List.of(stalls), CpuSteal.read().since(before));
  }

  /**
   * Spins until {@code untilNs} and records the gaps after {@code fromNs}. One loop for the lead
   * and the window, so that the lead compiles the very loop that measures. Nothing in it allocates:
   * the histogram's counts are preallocated.
   */
  static Stalls spin(long fromNs, long untilNs) {
    Histogram gaps = new Histogram(HIGHEST_TRACKABLE_NS, 3);
    long over100us = 0;
    long over1ms = 0;
    long stalledNs = 0;
    long last = System.nanoTime();
    while (last < untilNs) {
      long now = System.nanoTime();
      long gap = now - last;
      if (gap > STALL_NS && last >= fromNs) {
        gaps.recordValue(Math.min(gap, HIGHEST_TRACKABLE_NS));
        stalledNs += gap;
        over100us += gap > 100_000 ? 1 : 0;
        over1ms += gap > 1_000_000 ? 1 : 0;
      }
      last = now;
    }
    return new Stalls(gaps, over100us, over1ms, stalledNs);
  }
}
