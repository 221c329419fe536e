package org.bourse.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Throughput of engines on one flow: warm-up iterations, then measured iterations, each on a fresh
 * engine brought to the end of the fill phase, each timing the measured part of the flow from the
 * first submission to the last completion.
 *
 * <p>The engines take turns: each round runs one iteration of every engine, starting with a
 * different engine each round. On a shared machine whose speed drifts by tens of percent from one
 * minute to the next, running all of one engine's iterations before the next engine's would hand
 * one engine a slow minute and the other a fast one, and their ratio would measure the machine;
 * taking turns spreads the drift over all of them alike.
 *
 * <p>The heap is collected between the load and the timed part ({@link Pacing#settleHeap}), which
 * also leaves the previous engine's garbage behind: the timed part then pays only for the
 * collections of what the engine itself allocates.
 */
final class Throughput {
  private Throughput() {}

  /**
   * Commands per second of each measured iteration, with the counters of the last one.
   *
   * @param consistent whether every measured iteration reported the same rejects and trades
   * @param referenceNanosPerStep the {@link MachineSpeed} probe before each measured iteration,
   *     nanoseconds of CPU time per step
   */
  record Result(
      String engine,
      double[] commandsPerSecond,
      RunCounters counters,
      boolean consistent,
      double[] referenceNanosPerStep) {

    double median() {
      return Throughput.median(commandsPerSecond);
    }

    double min() {
      return Arrays.stream(commandsPerSecond).min().orElse(0);
    }

    double max() {
      return Arrays.stream(commandsPerSecond).max().orElse(0);
    }

    /** The median of the {@link MachineSpeed} probes taken before the measured iterations. */
    double referenceMedian() {
      return Throughput.median(referenceNanosPerStep);
    }
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /**
   * Runs {@code warmups + iterations} rounds, each a fresh load of the flow through every driver in
   * turn; returns one result per driver, in the drivers' order.
   */
  static List<Result> measure(
      List<EngineDriver> drivers, OrderFlow flow, int warmups, int iterations) throws Exception {
    int n = drivers.size();
    double[][] rates = new double[n][iterations];
    double[][] reference = new double[n][iterations];
    RunCounters[] last = new RunCounters[n];
    boolean[] consistent = new boolean[n];
    Arrays.fill(consistent, true);
    for (int round = 0; round < warmups + iterations; round++) {
      boolean measured = round >= warmups;
      for (int turn = 0; turn < n; turn++) {
        int d = (round + turn) % n;
        EngineDriver driver = drivers.get(d);
        if (measured) {
          reference[d][round - warmups] = MachineSpeed.nanosPerStep();
        }
        driver.load(flow);
        // The load built the flow's commands and the engine's state: hundreds of megabytes that
        // the first young collection inside the timed part would otherwise copy, pausing the
        // engine for tens of milliseconds to move the harness's own input.
        Pacing.settleHeap();
        long elapsedNs = driver.runAll(flow.fillCount, flow.size);
        RunCounters counters = driver.counters();
        driver.close();
        if (measured) {
          rates[d][round - warmups] = (flow.size - flow.fillCount) * 1e9 / elapsedNs;
          if (last[d] != null && !sameOutcome(last[d], counters)) {
            consistent[d] = false;
          }
          last[d] = counters;
        }
      }
    }
    List<Result> results = new ArrayList<>(n);
    for (int d = 0; d < n; d++) {
      results.add(
          new Result(drivers.get(d).name(), rates[d], last[d], consistent[d], reference[d]));
    }
    return results;
  }

  private static boolean sameOutcome(RunCounters a, RunCounters b) {
    return a.rejected == b.rejected && a.trades == b.trades && a.idMismatches == b.idMismatches;
  }
}
