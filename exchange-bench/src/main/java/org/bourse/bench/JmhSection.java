package org.bourse.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs {@link MatchingBenchmark} with JMH's GC profiler from inside {@code compare} and reads back
 * time and bytes allocated per command. JMH forks a JVM with this process's class path, so this
 * works from the shaded jar.
 */
final class JmhSection {
  private JmhSection() {}

  /**
   * One path at one event detail, with its baseline: the bytes per command of the command and
   * result records alone.
   */
  record Row(
      String benchmark, String detail, double nanosPerOp, double bytesPerOp, double baselineBytes) {

    /** What the engine itself allocates per command on this path. */
    double engineBytes() {
      return bytesPerOp - baselineBytes;
    }
  }

  static List<Row> run(boolean quick) throws RunnerException {
    Options options =
        new OptionsBuilder()
            .include(MatchingBenchmark.class.getName())
            .include(BaselineBenchmark.class.getName())
            .addProfiler(GCProfiler.class)
            .forks(1)
            .warmupIterations(quick ? 1 : 3)
            .warmupTime(TimeValue.seconds(quick ? 1 : 2))
            .measurementIterations(quick ? 2 : 5)
            .measurementTime(TimeValue.seconds(quick ? 1 : 2))
            .verbosity(VerboseMode.SILENT)
            .build();
    Collection<RunResult> results = new Runner(options).run();
    Map<String, Double> baselines = new HashMap<>();
    for (RunResult result : results) {
      if (result.getParams().getBenchmark().startsWith(BaselineBenchmark.class.getName())) {
        baselines.put(method(result), bytesPerOp(result));
      }
    }
    List<Row> rows = new ArrayList<>();
    for (RunResult result : results) {
      if (result.getParams().getBenchmark().startsWith(MatchingBenchmark.class.getName())) {
        rows.add(
            new Row(
                method(result),
                result.getParams().getParam("detail"),
                result.getPrimaryResult().getScore(),
                bytesPerOp(result),
                baselines.getOrDefault(method(result), Double.NaN)));
      }
    }
    return rows;
  }

  private static String method(RunResult result) {
    String label = result.getParams().getBenchmark();
    return label.substring(label.lastIndexOf('.') + 1);
  }

  private static double bytesPerOp(RunResult result) {
    Result<?> allocation = result.getSecondaryResults().get("gc.alloc.rate.norm");
    return allocation == null ? Double.NaN : allocation.getScore();
  }
}
