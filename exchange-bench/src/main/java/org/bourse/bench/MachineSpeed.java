package org.bourse.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.SplittableRandom;

/**
 * How fast the machine runs a fixed piece of work right now: a dependent walk through a random
 * cycle over 4 MiB (twice a core's L2 on the machines we measure on, so it needs the same caches
 * and memory the engines do), timed in the calling thread's CPU time.
 *
 * <p>Why it belongs in the report: on a shared VM the same work can take twice the CPU time from
 * one minute to the next (the host shares the core, its caches or its memory bandwidth with
 * others), which steal time does not show and which the {@link MachineJitter stall probe} does not
 * see either, since the thread keeps running, only slower. Taken before each throughput iteration,
 * it tells whether an engine's figures came from a slow spell of the machine.
 *
 * <p>Not thread-safe: one probe at a time (the table is shared).
 */
final class MachineSpeed {
  private static final int SLOTS = 1 << 20;
  private static final int STEPS = 2_000_000;

  /** A single cycle through every slot (Sattolo's algorithm), the same on every run. */
  static final int[] NEXT = cycle();

  /** The walk's end, kept so that the JIT cannot drop the walk. */
  private static int sink;

  private MachineSpeed() {}

  /** Nanoseconds of this thread's CPU time per step of the reference walk. */
  static double nanosPerStep() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    int[] next = NEXT;
    int at = sink & (SLOTS - 1);
    long start = threads.getCurrentThreadCpuTime();
    for (int i = 0; i < STEPS; i++) {
      at = next[at];
    }
    long cpuNs = threads.getCurrentThreadCpuTime() - start;
    sink = at;
    return (double) cpuNs / STEPS;
  }

  private static int[] cycle() {
    int[] next = new int[SLOTS];
    for (int i = 0; i < SLOTS; i++) {
      next[i] = i;
    }
    SplittableRandom random = new SplittableRandom(42);
    for (int i = SLOTS - 1; i > 0; i--) {
      int j = random.nextInt(i);
      int swap = next[i];
      next[i] = next[j];
      next[j] = swap;
    }
    return next;
  }
}
