package org.bourse.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Throughput of engines on one flow: warm-up iterations, then measured iterations, each on a fresh
 * engine brought to the end of the fill phase, each timing the measured part of the flow from the
 * first submission to the last completion; the engines take turns iteration by iteration.
 */
final class Throughput {
  private Throughput() {}

  /**
   * Commands per second of each measured iteration, with the counters of the last one.
   *
   * @param consistent whether every measured iteration reported the same rejects and trades
   */
  record Result(
      String engine, double[] commandsPerSecond, RunCounters counters, boolean consistent) {

    double median() {
      double[] sorted = commandsPerSecond.clone();
      Arrays.sort(sorted);
      int n = sorted.length;
      return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    double min() {
      return Arrays.stream(commandsPerSecond).min().orElse(0);
    }

    double max() {
      return Arrays.stream(commandsPerSecond).max().orElse(0);
    }
  }

  /**
   * Runs {@code warmups + iterations} fresh loads of the flow through each driver, the drivers
   * taking turns round by round: on a machine whose speed drifts (neighbours on the host, a slow
   * spell of the disk), a bad minute then falls on every engine alike instead of on whichever was
   * measuring at the time.
   *
   * @return one result per driver, in the drivers' order
   */
  static List<Result> measure(
      List<EngineDriver> drivers, OrderFlow flow, int warmups, int iterations) throws Exception {
    int n = drivers.size();
    double[][] rates = new double[n][iterations];
    RunCounters[] last = new RunCounters[n];
    boolean[] consistent = new boolean[n];
    Arrays.fill(consistent, true);
    for (int round = 0; round < warmups + iterations; round++) {
      for (int d = 0; d < n; d++) {
        EngineDriver driver = drivers.get(d);
        driver.load(flow);
        long elapsedNs = driver.runAll(flow.fillCount, flow.size);
        RunCounters counters = driver.counters();
        driver.close();
        if (round >= warmups) {
          rates[d][round - warmups] = (flow.size - flow.fillCount) * 1e9 / elapsedNs;
          if (last[d] != null
              && (last[d].rejected != counters.rejected
                  || last[d].trades != counters.trades
                  || last[d].idMismatches != counters.idMismatches)) {
            consistent[d] = false;
          }
          last[d] = counters;
        }
        // Leave the previous engine's garbage behind before the next one starts.
        System.gc();
      }
    }
    List<Result> results = new ArrayList<>(n);
    for (int d = 0; d < n; d++) {
      results.add(new Result(drivers.get(d).name(), rates[d], last[d], consistent[d]));
    }
    return results;
  }
}
