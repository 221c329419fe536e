package org.bourse.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** Writes the {@link Compare.Results} as markdown. */
final class ReportWriter {
  private static final String CORE = "exchange-core";

  private final CompareOptions options;
  private final Compare.Results results;
  private final StringBuilder md = new StringBuilder();

  ReportWriter(CompareOptions options, Compare.Results results) {
    this.options = options;
    this.results = results;
  }

  String write() {
    header();
    machineStalls();
    summary();
    if (results.differential != null) {
      line("## Differential check");
      line("");
      line(differential(results.differential));
    }
    throughput();
    latency();
    memory();
    allocation();
    jmh();
    problems();
    return md.toString();
  }

  private void line(String text) {
    md.append(text).append('\n');
  }

  /** A table row of these cells. */
  private void row(Object... cells) {
    line(tableRow(cells));
  }

  /** A table's header row, then the separator row under it. */
  private void tableHeader(String... names) {
    row((Object[]) names);
    line("|" + "---|".repeat(names.length));
  }

  private static String tableRow(Object... cells) {
    StringBuilder sb = new StringBuilder("|");
    for (Object cell : cells) {
      sb.append(' ').append(cell).append(" |");
    }
    return sb.toString();
  }

  private void header() {
    Runtime runtime = Runtime.getRuntime();
    line("# Bourse vs exchange-core 0.5.3");
    line("");
    line(
        "Generated "
            + ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME)
            + " by `exchange-bench compare "
            + String.join(" ", options.arguments)
            + "`.");
    line("");
    HeapSetup heap = HeapSetup.current();
    if (!heap.ready()) {
      line("**Warning:** " + HeapSetup.WARNING + ".");
      line("");
    }
    tableHeader("setting", "value");
    row(
        "machine",
        runtime.availableProcessors()
            + " cores, "
            + System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch"));
    row(
        "JVM",
        System.getProperty("java.vm.name")
            + " "
            + System.getProperty("java.runtime.version")
            + ", max heap "
            + runtime.maxMemory() / (1 << 20)
            + " MiB, arguments `"
            + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments())
            + "`");
    row("heap", heap.describe());
    row("garbage collector", Collector.current());
    row(
        "Bourse",
        "event detail "
            + options.detail
            + " (results carry "
            + detailWords(options.detail)
            + "); runtime: default RuntimeConfig (queue 65,536, batches of up to 4,096, a"
            + " snapshot every 1,000,000 commands, which costs nothing without a journal),"
            + " producer keeps "
            + BourseRuntimeDriver.WINDOW
            + " futures in flight");
    row("exchange-core, throughput and memory", options.coreThroughput().describe());
    row(
        "exchange-core, latency",
        options.coreLatency().describe()
            + "; also measured with the throughput settings above (rows \""
            + CoreDriver.THROUGHPUT_PROFILE
            + "\"), and Bourse's latency ratios are against whichever of the two had the lower"
            + " p99 at that rate");
    if (CoreEngine.HUNG_STARTS.get() > 0) {
      row(
          "exchange-core restarts",
          CoreEngine.HUNG_STARTS.get()
              + " engine(s) stopped answering while being set up (every processor spinning, none"
              + " advancing), were halted and replaced before anything was measured on them");
    }
    row("journal directory", journalDescription());
    row(
        "flows",
        "seed "
            + options.seed
            + ", "
            + options.resting
            + " resting orders per book after the fill phase, "
            + options.users
            + " users (single symbol), "
            + options.multiUsers
            + " users over "
            + options.multiSymbols
            + " symbols (multi-symbol); users funded far beyond any hold, fees 0, STP off");
    if (Runtime.version().feature() != 17) {
      line("");
      line(
          "**Warning:** exchange-core 0.5.3 supports Java 17 only; this run used Java "
              + Runtime.version().feature()
              + ", so its exchange-core figures may not be representative.");
    }
    line("");
    line(
        "Ratios are Bourse / exchange-core: above 1 means Bourse is faster for throughput; below 1"
            + " means Bourse is lower for latency and memory. Figures from a small or busy machine"
            + " are indicative only: compare the ratios, and rerun on a quiet machine with enough"
            + " cores for exchange-core's recommended profile before quoting numbers.");
    line("");
  }

  private static String detailWords(org.bourse.core.EventDetail detail) {
    switch (detail) {
      case NONE:
        return "no events";
      case TRADES:
        return "their trades, as exchange-core's matcher events carry its trades; neither builds an"
            + " event for every order change, which Bourse's ORDERS detail does: the throughput"
            + " tables show its cost in the row \""
            + Compare.SYNC_WITH_ORDERS
            + "\"";
      case ORDERS:
        return "order updates and trades, where exchange-core's matcher events carry trades only";
      default:
        return "every event: balances, ledger entries and book deltas too";
    }
  }

  private String journalDescription() {
    try {
      return options.journalDirectory
          + " ("
          + Files.getFileStore(options.journalDirectory).type()
          + ")";
    } catch (IOException e) {
      return options.journalDirectory.toString();
    }
  }

  private void machineStalls() {
    if (results.jitter.isEmpty()) {
      return;
    }
    line("## Machine stalls");
    line("");
    line(
        "Threads spinning on `System.nanoTime` for "
            + options.jitterSeconds()
            + " s, alone and then two side by side; every gap above "
            + MachineJitter.STALL_NS / 1_000
            + " µs between two readings is time the thread did not run (taken by the hypervisor,"
            + " the kernel, another process or the JVM). Steal is the time the hypervisor took"
            + " from all "
            + Runtime.getRuntime().availableProcessors()
            + " vCPUs over the probe (`/proc/stat`, at USER_HZ "
            + CpuSteal.USER_HZ
            + "). Stalls the machine inflicts on a spinning thread bound the percentiles any engine"
            + " can reach here: a latency run needs the producer and an engine thread running at"
            + " once, so its p99.9 and max cannot be better than the two-thread stalls.");
    line("");
    tableHeader(
        "spinning threads",
        "thread",
        "gaps > 20 µs",
        "> 100 µs",
        "> 1 ms",
        "stalled",
        "longest",
        "steal during the probe");
    for (MachineJitter.Probe probe : results.jitter) {
      for (int t = 0; t < probe.stalls().size(); t++) {
        MachineJitter.Stalls s = probe.stalls().get(t);
        row(
            probe.threads(),
            t + 1,
            s.count(),
            s.over100us(),
            s.over1ms(),
            String.format(
                Locale.ROOT, "%.1f ms (%.2f%%)", s.stalledNs() / 1e6, probe.stalledPercent(s)),
            micros(s.maxMicros()),
            probe.steal().describe());
      }
    }
    line("");
  }

  private void summary() {
    if (results.throughput.isEmpty() && results.latency.isEmpty() && results.memory.isEmpty()) {
      return;
    }
    line("## Summary: Bourse / exchange-core");
    line("");
    tableHeader(
        "measure", "flow", "Bourse sync", "Bourse runtime", "Bourse runtime + file journal");
    for (Map.Entry<FlowSpec, List<Throughput.Result>> e : results.throughput.entrySet()) {
      Throughput.Result core = find(e.getValue(), CORE);
      if (core == null) {
        continue;
      }
      List<Object> cells = new ArrayList<>(List.of("throughput (median)", flowName(e.getKey())));
      for (String engine :
          new String[] {"Bourse sync", "Bourse runtime", "Bourse runtime + file journal"}) {
        Throughput.Result r = find(e.getValue(), engine);
        cells.add(r == null ? "–" : ratio(r.median() / core.median()));
      }
      row(cells.toArray());
    }
    for (Map.Entry<FlowSpec, List<Latency.Result>> e : results.latency.entrySet()) {
      for (long rate : rates(e.getValue())) {
        Latency.Result core = coreLatency(e.getValue(), rate);
        if (core == null) {
          continue;
        }
        for (double percentile : new double[] {50, 99}) {
          List<Object> cells =
              new ArrayList<>(
                  List.of(
                      "latency p" + (int) percentile + " at " + rateName(rate),
                      flowName(e.getKey()),
                      "–"));
          for (String engine : new String[] {"Bourse runtime", "Bourse runtime + file journal"}) {
            Latency.Result r = findLatency(e.getValue(), engine, rate);
            cells.add(
                r == null
                    ? "–"
                    : ratio(r.micros(percentile) / Math.max(0.001, core.micros(percentile))));
          }
          row(cells.toArray());
        }
      }
    }
    if (results.memory.size() == 2) {
      MemoryProbe.Result bourse = results.memory.get(0);
      MemoryProbe.Result core = results.memory.get(1);
      row(
          "heap per resting order (the engine's; the runtime adds no per-order state)",
          String.format(Locale.ROOT, "%,d", bourse.orders()) + " resting orders",
          ratio((double) bourse.bytesPerOrder() / Math.max(1, core.bytesPerOrder())),
          "–",
          "–");
    }
    line("");
  }

  static String differential(Differential.Report r) {
    StringBuilder sb = new StringBuilder();
    sb.append("**")
        .append(r.passed() ? "PASS" : "FAIL")
        .append("**: ")
        .append(String.format(Locale.ROOT, "%,d", r.commands()))
        .append(" commands (")
        .append(r.spec().describe())
        .append(") through Bourse's synchronous engine and exchange-core; compared: accepted or")
        .append(" refused per command, the trade tape (maker, taker, price, quantity, in order)")
        .append(" and the final L2 book (price, quantity, orders per level).\n\n");
    sb.append(tableRow("", "Bourse", "exchange-core", "reference book"))
        .append("\n|---|---|---|---|\n");
    sb.append(tableRow("trades", r.bourseTrades(), r.coreTrades(), r.referenceTrades()))
        .append('\n');
    sb.append(
            tableRow(
                "refused commands",
                r.bourseRejects(),
                r.coreRejects(),
                "(cancels of ended orders are refused by design)"))
        .append('\n');
    sb.append(
            tableRow(
                "final book levels", r.bookLevels(), r.passed() ? r.bookLevels() : "see below", ""))
        .append('\n');
    if (!r.passed()) {
      sb.append("\nDifferences:\n\n");
      for (String d : r.differences()) {
        sb.append("- ").append(d).append('\n');
      }
    }
    return sb.toString();
  }

  private void throughput() {
    if (results.throughput.isEmpty()) {
      return;
    }
    line("## Throughput");
    line("");
    line(
        "Commands per second over the measured part of each flow ("
            + String.format(Locale.ROOT, "%,d", options.commands())
            + " commands after the fill phase), from the first submission to the last"
            + " completion, on a fresh engine each iteration: median and range of "
            + options.iterations()
            + " iterations after "
            + options.warmup()
            + " warm-up iterations. The engines take turns, one iteration each per round, so"
            + " that a machine whose speed drifts slows all of them alike. The machine column is"
            + " the median CPU time per step of a fixed"
            + " reference walk (a dependent walk through a random cycle over 4 MiB) taken before"
            + " each measured iteration: the same work, so where it differs between engines the"
            + " machine itself ran at a different speed while they were measured, and their ratio"
            + " is off by as much.");
    line("");
    for (Map.Entry<FlowSpec, List<Throughput.Result>> e : results.throughput.entrySet()) {
      line("### " + flowName(e.getKey()));
      line("");
      line(e.getKey().describe() + ". Measured part: " + results.proportions.get(e.getKey()) + ".");
      line("");
      tableHeader(
          "engine",
          "median cmd/s",
          "min",
          "max",
          "vs exchange-core",
          "refused",
          "trades",
          "machine, ns/step");
      Throughput.Result core = find(e.getValue(), CORE);
      for (Throughput.Result r : e.getValue()) {
        row(
            r.engine(),
            rate(r.median()),
            rate(r.min()),
            rate(r.max()),
            core == null || r == core ? "–" : ratio(r.median() / core.median()),
            r.counters().rejectSummary(),
            trades(r.engine(), r.counters()),
            String.format(Locale.ROOT, "%.1f", r.referenceMedian()));
      }
      line("");
    }
  }

  private String trades(String engine, RunCounters c) {
    return engine.startsWith("Bourse")
            && !engine.equals(Compare.SYNC_WITH_ORDERS)
            && options.detail == org.bourse.core.EventDetail.NONE
        ? "n/a (no events)"
        : String.valueOf(c.trades);
  }

  private void latency() {
    if (results.latency.isEmpty()) {
      return;
    }
    line("## Latency");
    line("");
    line(
        "Microseconds from the moment each command was due to its completion, at a fixed offered"
            + " rate for "
            + options.latencySeconds()
            + " s after a warm-up at the same rate. Measuring from the schedule rather"
            + " than from the actual submission counts every command delayed behind a stall, so"
            + " coordinated omission is avoided by construction (HdrHistogram, 3 significant"
            + " digits). Bourse runtime: future completion on the engine thread; exchange-core:"
            + " its results consumer.");
    line("");
    line(
        "Under each table, the same commands split in two. *Lateness* is from the due time to"
            + " the moment the producer thread submitted the command: the harness's own delay"
            + " (a late wake-up, a stall of the machine, or a submission ahead of it that blocked"
            + " on a full queue), which comes from the producer thread, not the engine, though it"
            + " still counts in the latency by design. *Service* is from that submission to the"
            + " completion: the hand-off, queueing and work of the engine. Steal is the time"
            + " the hypervisor took from all vCPUs during the measured run (`/proc/stat`; see"
            + " Machine stalls). The warm-up runs in chunks of a quarter of the measured length"
            + " and ends after the first chunk in which the JIT compilers worked for less than "
            + Latency.QUIET_JIT_MS
            + " ms, or after "
            + Latency.MAX_WARMUP_CHUNKS
            + " chunks; *JIT* is the compilers' time during the measured run, which on a small"
            + " machine takes a core from the producer or the engine: a run with more than a few"
            + " milliseconds of it was still warming up.");
    line("");
    for (Map.Entry<FlowSpec, List<Latency.Result>> e : results.latency.entrySet()) {
      line("### " + e.getKey().mix().label() + ", 1 symbol");
      line("");
      tableHeader(
          "rate",
          "engine",
          "p50",
          "p99",
          "p99.9",
          "p99.99",
          "max",
          "p99 vs exchange-core",
          "refused");
      for (long rate : rates(e.getValue())) {
        Latency.Result core = coreLatency(e.getValue(), rate);
        for (Latency.Result r : e.getValue()) {
          if (r.ratePerSecond() != rate) {
            continue;
          }
          row(
              rateName(rate),
              r.engine(),
              micros(r.micros(50)),
              micros(r.micros(99)),
              micros(r.micros(99.9)),
              micros(r.micros(99.99)),
              micros(r.maxMicros()),
              core == null || r.engine().startsWith(CORE)
                  ? "–"
                  : ratio(r.micros(99) / Math.max(0.001, core.micros(99))),
              r.counters().rejectSummary());
        }
      }
      line("");
      latencySplit(e.getValue());
    }
  }

  private void latencySplit(List<Latency.Result> rows) {
    tableHeader(
        "rate",
        "engine",
        "lateness p50",
        "p99",
        "p99.9",
        "max",
        "service p50",
        "p99",
        "p99.9",
        "max",
        "steal",
        "warm-up",
        "JIT");
    for (long rate : rates(rows)) {
      for (Latency.Result r : rows) {
        if (r.ratePerSecond() == rate) {
          row(
              rateName(rate),
              r.engine(),
              percentiles(r.lateness()),
              percentiles(r.service()),
              r.steal().describe(),
              String.format(Locale.ROOT, "%.2f s", r.warmupSeconds()),
              r.jitMs() < 0 ? "n/a" : r.jitMs() + " ms");
        }
      }
    }
    line("");
  }

  /** p50, p99, p99.9 and max of a histogram of nanoseconds, as table cells. */
  private static String percentiles(Histogram histogram) {
    return micros(Latency.Result.micros(histogram, 50))
        + " | "
        + micros(Latency.Result.micros(histogram, 99))
        + " | "
        + micros(Latency.Result.micros(histogram, 99.9))
        + " | "
        + micros(histogram.getMaxValue() / 1_000.0);
  }

  private void memory() {
    if (results.memory.isEmpty()) {
      return;
    }
    line("## Memory");
    line("");
    line(
        "Heap used (after full collections) by resting GTC orders on one symbol, 5,000 price"
            + " levels a side, measured as the growth from the engine with its users and symbol"
            + " to the engine with the orders.");
    line("");
    tableHeader(
        "engine", "resting orders", "heap for the orders", "bytes per order", "vs exchange-core");
    MemoryProbe.Result core =
        results.memory.stream().filter(m -> m.engine().equals(CORE)).findFirst().orElse(null);
    for (MemoryProbe.Result m : results.memory) {
      row(
          m.engine(),
          String.format(Locale.ROOT, "%,d", m.orders()),
          String.format(Locale.ROOT, "%,.1f MiB", (m.bytesAfter() - m.bytesBefore()) / 1048576.0),
          m.bytesPerOrder(),
          core == null || m == core
              ? "–"
              : ratio((double) m.bytesPerOrder() / Math.max(1, core.bytesPerOrder())));
    }
    line("");
  }

  private void allocation() {
    if (results.allocation.isEmpty()) {
      return;
    }
    line("## Allocation per command (Bourse synchronous engine)");
    line("");
    line(
        "Bytes the engine thread allocated per command over the second half of each flow's"
            + " measured part (JVM per-thread allocation counter; commands built beforehand)."
            + " One result object is "
            + String.format(Locale.ROOT, "%.0f", results.allocation.get(0).resultBytes())
            + " bytes; with event detail NONE nothing else should be allocated.");
    line("");
    tableHeader("flow", "event detail", "bytes per command", "beyond one result");
    for (AllocationProbe.Result a : results.allocation) {
      row(
          a.mix().label() + ", 1 symbol",
          a.detail(),
          bytes(a.bytesPerCommand()),
          bytes(a.beyondResult()));
    }
    line("");
  }

  private void jmh() {
    if (results.jmh.isEmpty()) {
      return;
    }
    line("## JMH (MatchingBenchmark, -prof gc)");
    line("");
    line(
        "Per command, Bourse's synchronous engine on a book of 1,000 resting orders. The baseline"
            + " (BaselineBenchmark) allocates only the command records each path builds and one"
            + " event-less result per command, so B/op minus the baseline is what the engine"
            + " itself allocates (target: 0 with event detail NONE; with ORDERS the difference is"
            + " the event records the result carries).");
    line("");
    tableHeader("path", "event detail", "ns/op", "B/op", "baseline B/op", "engine B/op");
    for (JmhSection.Row r : results.jmh) {
      row(
          r.benchmark(),
          r.detail(),
          String.format(Locale.ROOT, "%.1f", r.nanosPerOp()),
          bytes(r.bytesPerOp()),
          bytes(r.baselineBytes()),
          bytes(r.engineBytes()));
    }
    line("");
  }

  private void problems() {
    if (results.problems.isEmpty()) {
      return;
    }
    line("## Problems");
    line("");
    for (String p : results.problems) {
      line("- " + p);
    }
    line("");
  }

  private static String flowName(FlowSpec spec) {
    return spec.mix().label()
        + ", "
        + spec.symbols()
        + (spec.symbols() == 1 ? " symbol" : " symbols");
  }

  private static Throughput.Result find(List<Throughput.Result> rows, String engine) {
    return rows.stream().filter(r -> r.engine().equals(engine)).findFirst().orElse(null);
  }

  private static Latency.Result findLatency(List<Latency.Result> rows, String engine, long rate) {
    return rows.stream()
        .filter(r -> r.engine().equals(engine) && r.ratePerSecond() == rate)
        .findFirst()
        .orElse(null);
  }

  /** Of exchange-core's rows at this rate (one per profile), the one with the lowest p99. */
  private static Latency.Result coreLatency(List<Latency.Result> rows, long rate) {
    return rows.stream()
        .filter(r -> r.engine().startsWith(CORE) && r.ratePerSecond() == rate)
        .min(Comparator.comparingDouble(r -> r.micros(99)))
        .orElse(null);
  }

  private static long[] rates(List<Latency.Result> rows) {
    return rows.stream().mapToLong(Latency.Result::ratePerSecond).distinct().toArray();
  }

  private static String rate(double commandsPerSecond) {
    return String.format(Locale.ROOT, "%,.0f", commandsPerSecond);
  }

  private static String rateName(long rate) {
    return String.format(Locale.ROOT, "%,d/s", rate);
  }

  private static String micros(double value) {
    return String.format(Locale.ROOT, value < 100 ? "%.1f µs" : "%,.0f µs", value);
  }

  /** Bytes to one decimal, without a "-0.0" for a difference that is zero but for rounding. */
  private static String bytes(double value) {
    return String.format(Locale.ROOT, "%.1f", Math.abs(value) < 0.05 ? 0.0 : value);
  }

  /** A ratio to two significant digits at least, so that 0.0042 does not print as 0.00. */
  private static String ratio(double value) {
    if (!Double.isFinite(value) || value <= 0) {
      return "–";
    }
    if (value >= 1) {
      return String.format(Locale.ROOT, value >= 100 ? "%.0f×" : "%.2f×", value);
    }
    return new BigDecimal(value).round(new MathContext(2)).toPlainString() + "×";
  }
}
