package org.bourse.bench;

import java.util.Arrays;

/**
 * Throughput of one engine on one flow: warm-up iterations, then measured iterations, each on a
 * fresh engine brought to the end of the fill phase, each timing the measured part of the flow from
 * the first submission to the last completion.
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

  /** Runs {@code warmups + iterations} fresh loads of the flow through the driver. */
  static Result measure(EngineDriver driver, OrderFlow flow, int warmups, int iterations)
      throws Exception {
    double[] rates = new double[iterations];
    double[] reference = new double[iterations];
    RunCounters last = null;
    boolean consistent = true;
    for (int round = 0; round < warmups + iterations; round++) {
      if (round >= warmups) {
        reference[round - warmups] = MachineSpeed.nanosPerStep();
      }
      driver.load(flow);
      long elapsedNs = driver.runAll(flow.fillCount, flow.size);
      RunCounters counters = driver.counters();
      driver.close();
      if (round >= warmups) {
        rates[round - warmups] = (flow.size - flow.fillCount) * 1e9 / elapsedNs;
        if (last != null
            && (last.rejected != counters.rejected
                || last.trades != counters.trades
                || last.idMismatches != counters.idMismatches)) {
          consistent = false;
        }
        last = counters;
      }
      // Leave the previous engine's garbage behind before the next one starts.
      System.gc();
    }
    return new Result(driver.name(), rates, last, consistent, reference);
  }
}
