package org.bourse.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
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

  /** One benchmark at one parameter value. */
  record Row(String benchmark, String detail, double nanosPerOp, double bytesPerOp) {}

  static List<Row> run(boolean quick) throws RunnerException {
    Options options =
        new OptionsBuilder()
            .include(MatchingBenchmark.class.getName())
            .addProfiler(GCProfiler.class)
            .forks(1)
            .warmupIterations(quick ? 1 : 3)
            .warmupTime(TimeValue.seconds(quick ? 1 : 2))
            .measurementIterations(quick ? 2 : 5)
            .measurementTime(TimeValue.seconds(quick ? 1 : 2))
            .verbosity(VerboseMode.SILENT)
            .build();
    Collection<RunResult> results = new Runner(options).run();
    List<Row> rows = new ArrayList<>();
    for (RunResult result : results) {
      String label = result.getParams().getBenchmark();
      String name = label.substring(label.lastIndexOf('.') + 1);
      Result<?> allocation = result.getSecondaryResults().get("gc.alloc.rate.norm");
      rows.add(
          new Row(
              name,
              result.getParams().getParam("detail"),
              result.getPrimaryResult().getScore(),
              allocation == null ? Double.NaN : allocation.getScore()));
    }
    return rows;
  }
}
