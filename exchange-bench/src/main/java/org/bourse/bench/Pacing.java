package org.bourse.bench;

/** How the submitting thread waits: for a due time, or for the engine to catch up. */
final class Pacing {
  private Pacing() {}

  /**
   * Waits until {@link System#nanoTime} reaches {@code dueNs}. Yields rather than spins: on a
   * machine with a core to spare, a yield returns at once and the wait stays within a microsecond
   * or two; on a small machine it leaves the core to the engine's threads, which need it more than
   * a waiting producer (exchange-core's processors never block).
   */
  static void awaitNanoTime(long dueNs) {
    while (System.nanoTime() < dueNs) {
      Thread.yield();
    }
  }

  /**
   * Collects garbage before a timed run starts, after the driver allocated what the run needs (the
   * flow's commands, stamps, outcome arrays). Otherwise the first young collections inside the
   * measured window copy those tens to hundreds of megabytes of the harness's own live data,
   * pausing every thread for tens of milliseconds, and the figures measure the harness rather than
   * the engine.
   */
  static void settleHeap() {
    System.gc();
  }

  /** One round of waiting for another thread's progress. */
  static void backOff() {
    Thread.yield();
  }
}
