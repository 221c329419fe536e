package org.bourse.bench;

import exchange.core2.core.common.CoreWaitStrategy;
import exchange.core2.core.common.config.PerformanceConfiguration;
import java.util.concurrent.ThreadFactory;

/**
 * How exchange-core is configured for a run: its own recommended performance profile ({@code
 * throughputPerformanceBuilder()} for throughput and memory, {@code latencyPerformanceBuilder()}
 * for latency), adapted only when the machine cannot host it.
 *
 * <p>Why adapt: the profiles start {@code 2 + matchingEngines + 2 x riskEngines} processor threads
 * that busy-spin, each pinned to its own core (throughput: 4 matching and 2 risk engines, 10
 * threads; latency: 1 and 1, 5 threads), plus the thread that submits. On a machine with fewer
 * cores than that, spinning threads steal the cores of the ones with work and the result says more
 * about the scheduler than about exchange-core. So when the cores are too few: one matching and one
 * risk engine (a single symbol uses one matching engine anyway), and, if even those five threads
 * and the submitter do not fit, the {@code YIELDING} wait strategy and unpinned threads. Every
 * report states which settings ran and why; on a machine with enough cores the recommended profile
 * runs unchanged. Options of {@code compare} override each choice.
 *
 * @param latencyProfile whether to start from the latency profile instead of the throughput one
 * @param matchingEngines matching engine shards, or 0 for the profile's
 * @param riskEngines risk engine shards, or 0 for the profile's
 * @param waitStrategy the wait strategy, or null for the profile's ({@code BUSY_SPIN})
 * @param pinThreads whether to keep the profile's thread factory, which pins threads to cores
 * @param note why these settings, for the report
 */
record CoreSettings(
    boolean latencyProfile,
    int matchingEngines,
    int riskEngines,
    CoreWaitStrategy waitStrategy,
    boolean pinThreads,
    String note) {

  private static final int THROUGHPUT_MATCHING = 4;
  private static final int THROUGHPUT_RISK = 2;

  /** The recommended profile, adapted to {@code cores} as the type's documentation says. */
  static CoreSettings forMachine(boolean latencyProfile, int cores) {
    int matching = latencyProfile ? 1 : THROUGHPUT_MATCHING;
    int risk = latencyProfile ? 1 : THROUGHPUT_RISK;
    String profile =
        latencyProfile ? "latencyPerformanceBuilder()" : "throughputPerformanceBuilder()";
    if (threads(matching, risk) + 1 <= cores) {
      return new CoreSettings(
          latencyProfile, 0, 0, null, true, profile + " as recommended (" + cores + " cores)");
    }
    if (threads(1, 1) + 1 <= cores) {
      return new CoreSettings(
          latencyProfile,
          1,
          1,
          null,
          true,
          profile
              + " with 1 matching and 1 risk engine: its "
              + threads(matching, risk)
              + " spinning threads do not fit "
              + cores
              + " cores");
    }
    return new CoreSettings(
        latencyProfile,
        1,
        1,
        CoreWaitStrategy.YIELDING,
        false,
        profile
            + " with 1 matching and 1 risk engine, YIELDING, unpinned threads: even "
            + (threads(1, 1) + 1)
            + " busy-spinning threads do not fit "
            + cores
            + " cores");
  }

  /** The processor threads exchange-core starts: grouping, results, matching, risk pre and post. */
  static int threads(int matching, int risk) {
    return 2 + matching + 2 * risk;
  }

  /** The same settings with explicit overrides (0 / null keep the current choice). */
  CoreSettings override(int matching, int risk, CoreWaitStrategy wait, Boolean pin) {
    if (matching == 0 && risk == 0 && wait == null && pin == null) {
      return this;
    }
    return new CoreSettings(
        latencyProfile,
        matching != 0 ? matching : matchingEngines,
        risk != 0 ? risk : riskEngines,
        wait != null ? wait : waitStrategy,
        pin != null ? pin : pinThreads,
        note + "; overridden on the command line");
  }

  /** exchange-core's performance configuration for these settings. */
  PerformanceConfiguration performance() {
    PerformanceConfiguration.PerformanceConfigurationBuilder builder =
        latencyProfile
            ? PerformanceConfiguration.latencyPerformanceBuilder()
            : PerformanceConfiguration.throughputPerformanceBuilder();
    if (matchingEngines > 0) {
      builder.matchingEnginesNum(matchingEngines);
    }
    if (riskEngines > 0) {
      builder.riskEnginesNum(riskEngines);
    }
    if (waitStrategy != null) {
      builder.waitStrategy(waitStrategy);
    }
    if (!pinThreads) {
      builder.threadFactory(unpinned());
    }
    return builder.build();
  }

  /** A one-line description for reports. */
  String describe() {
    PerformanceConfiguration p = performance();
    return note
        + ": ring buffer "
        + p.getRingBufferSize()
        + ", "
        + p.getMatchingEnginesNum()
        + " matching / "
        + p.getRiskEnginesNum()
        + " risk engines, "
        + p.getMsgsInGroupLimit()
        + " messages per group, wait "
        + p.getWaitStrategy()
        + (pinThreads ? ", pinned threads" : ", unpinned threads");
  }

  private static ThreadFactory unpinned() {
    return runnable -> {
      Thread thread = new Thread(runnable, "exchange-core");
      thread.setDaemon(true);
      return thread;
    };
  }
}
