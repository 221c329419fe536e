package org.bourse.bench;

import exchange.core2.core.ExchangeApi;
import exchange.core2.core.common.api.ApiCommand;
import exchange.core2.core.common.cmd.CommandResultCode;

/**
 * exchange-core 0.5.3 through its asynchronous API, the way its own benchmark drives it: the
 * producer publishes commands into the ring buffer ({@code ExchangeApi.submitCommand}, which waits
 * when the ring is full), and completion is counted by the results consumer ({@link
 * CoreEngine.Tally}). Every order command passes its grouping, risk (hold and release), matching
 * and results stages. No journal: its serialization configuration is the default, which journals
 * nothing.
 */
final class CoreDriver implements EngineDriver {
  /** The name of the latency rows that run exchange-core with its throughput profile. */
  static final String THROUGHPUT_PROFILE = "exchange-core, throughput profile";

  private final CoreSettings settings;
  private final String name;
  private CoreEngine engine;
  private ApiCommand[] commands;
  private RunCounters counters = new RunCounters();

  CoreDriver(CoreSettings settings) {
    this(settings, "exchange-core");
  }

  /** A driver whose rows the report names {@code name} (it starts with "exchange-core"). */
  CoreDriver(CoreSettings settings, String name) {
    this.settings = settings;
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  CoreSettings settings() {
    return settings;
  }

  @Override
  public void load(OrderFlow flow) {
    close();
    engine = CoreEngine.setUp(settings, flow.spec);
    commands = CoreFlow.commands(flow);
    RunCounters fill = new RunCounters();
    runCounted(0, flow.fillCount, fill);
    BourseRuntimeDriver.requireCleanFill(name(), fill);
    counters = new RunCounters();
  }

  /** The running engine, for queries after a run. */
  CoreEngine engine() {
    return engine;
  }

  @Override
  public long runAll(int from, int to) {
    return runCounted(from, to, counters);
  }

  private long runCounted(int from, int to, RunCounters c) {
    CoreEngine.Tally tally = engine.tally();
    Since since = new Since(tally);
    long target = tally.done + (to - from);
    ExchangeApi api = engine.api();
    ApiCommand[] cmds = commands;
    long start = System.nanoTime();
    for (int i = from; i < to; i++) {
      api.submitCommand(cmds[i]);
    }
    engine.awaitDone(target);
    long elapsed = System.nanoTime() - start;
    since.addTo(c, to - from);
    return elapsed;
  }

  @Override
  public void runScheduled(
      int from,
      int to,
      double intervalNs,
      long[] scheduledNs,
      long[] submittedNs,
      long[] completedNs) {
    CoreEngine.Tally tally = engine.tally();
    int n = to - from;
    Since since = new Since(tally);
    long base = tally.done;
    tally.stampBase = base;
    tally.completedNs = completedNs;
    Pacing.settleHeap();
    long start = System.nanoTime() + 1_000_000;
    for (int k = 0; k < n; k++) {
      scheduledNs[k] = start + (long) (k * intervalNs);
    }
    ExchangeApi api = engine.api();
    ApiCommand[] cmds = commands;
    for (int k = 0; k < n; k++) {
      Pacing.awaitNanoTime(scheduledNs[k]);
      submittedNs[k] = System.nanoTime();
      api.submitCommand(cmds[from + k]);
    }
    engine.awaitDone(base + n);
    tally.completedNs = null;
    since.addTo(counters, n);
  }

  /** The tally's counts at one moment, to add what happened after it to a run's counters. */
  private static final class Since {
    private final CoreEngine.Tally tally;
    private final long rejected;
    private final long trades;
    private final long[] byCode;

    Since(CoreEngine.Tally tally) {
      this.tally = tally;
      this.rejected = tally.rejected;
      this.trades = tally.trades;
      this.byCode = tally.byCode.clone();
    }

    void addTo(RunCounters c, long commands) {
      c.commands += commands;
      c.trades += tally.trades - trades;
      c.rejected += tally.rejected - rejected;
      CommandResultCode[] codes = CommandResultCode.values();
      for (int k = 0; k < codes.length; k++) {
        long n = tally.byCode[k] - byCode[k];
        if (n > 0) {
          c.reasons.merge(codes[k].name(), n, Long::sum);
        }
      }
    }
  }

  @Override
  public RunCounters counters() {
    return counters;
  }

  @Override
  public void close() {
    if (engine != null) {
      engine.close();
      engine = null;
    }
    commands = null;
  }
}
