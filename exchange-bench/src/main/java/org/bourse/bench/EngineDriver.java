package org.bourse.bench;

/**
 * One engine under test, driven through the same {@link OrderFlow}. A driver owns at most one
 * engine instance at a time: {@link #load} starts a fresh one, applies the setup (assets, symbols,
 * funded users) and the flow's fill phase, and waits until all of it is done, so that what follows
 * measures the steady state only.
 */
interface EngineDriver extends AutoCloseable {

  /** The name used in reports, e.g. "Bourse runtime". */
  String name();

  /** Starts a fresh engine and brings it to the end of the flow's fill phase (not measured). */
  void load(OrderFlow flow) throws Exception;

  /**
   * Applies flow commands {@code [from, to)} as fast as the engine takes them and waits until the
   * last one completed.
   *
   * @return the elapsed nanoseconds from the first submission to the last completion
   */
  long runAll(int from, int to) throws Exception;

  /**
   * Submits flow commands {@code [from, to)} on a fixed schedule, one every {@code intervalNs}, and
   * records when each was due, when it was actually submitted and when it completed (on the {@link
   * System#nanoTime} clock). Command {@code i} is submitted no earlier than it is due; if the
   * driver falls behind (the engine pushes back) it submits the late ones at once, and their
   * lateness counts in their latency because latency is measured from the schedule, not from the
   * actual submission. That is what keeps the measurement free of coordinated omission.
   *
   * @param scheduledNs receives the due time of command {@code i} at {@code i - from}
   * @param submittedNs receives the time the producer handed command {@code i} to the engine (read
   *     just before the submit call) at {@code i - from}
   * @param completedNs receives the completion time of command {@code i} at {@code i - from}
   */
  void runScheduled(
      int from,
      int to,
      double intervalNs,
      long[] scheduledNs,
      long[] submittedNs,
      long[] completedNs)
      throws Exception;

  /** Counts of the commands run since the last {@link #load}. */
  RunCounters counters();

  /** Stops the engine, if one runs. */
  @Override
  void close();
}
