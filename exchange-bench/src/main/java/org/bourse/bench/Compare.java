package org.bourse.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bourse.core.EventDetail;

/**
 * The side-by-side run: the differential check, throughput of every engine on every flow, latency
 * at fixed rates, heap per resting order, allocation per command and the JMH paths, written as one
 * markdown report with the ratios Bourse / exchange-core.
 */
final class Compare {
  /** The extra throughput row of the sync engine at {@code ORDERS} detail. */
  static final String SYNC_WITH_ORDERS = "Bourse sync, ORDERS detail";

  private final CompareOptions options;
  private final PrintStream log;

  /** Everything measured, for {@link ReportWriter}. */
  static final class Results {
    final List<MachineJitter.Probe> jitter = new ArrayList<>();
    Differential.Report differential;
    final Map<FlowSpec, List<Throughput.Result>> throughput = new LinkedHashMap<>();
    final Map<FlowSpec, String> proportions = new LinkedHashMap<>();
    final Map<FlowSpec, List<Latency.Result>> latency = new LinkedHashMap<>();
    final List<MemoryProbe.Result> memory = new ArrayList<>();
    final List<AllocationProbe.Result> allocation = new ArrayList<>();
    final List<JmhSection.Row> jmh = new ArrayList<>();
    final List<String> problems = new ArrayList<>();
  }

  private Compare(CompareOptions options, PrintStream log) {
    this.options = options;
    this.log = log;
  }

  /** {@code compare}: returns the exit status (1 when a check failed). */
  static int main(String[] args, PrintStream out) throws Exception {
    CompareOptions options;
    try {
      options = CompareOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      return 2;
    }
    if (options.help) {
      out.println(CompareOptions.USAGE);
      return 0;
    }
    Results results = new Compare(options, System.err).run();
    String markdown = new ReportWriter(options, results).write();
    if (options.out != null) {
      Path parent = options.out.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(options.out, markdown);
      System.err.println("wrote " + options.out);
    }
    out.print(markdown);
    return results.problems.isEmpty() ? 0 : 1;
  }

  /** {@code diff}: the differential check alone; returns 1 when the engines disagree. */
  static int diff(String[] args, PrintStream out) {
    CompareOptions options;
    try {
      options = CompareOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      return 2;
    }
    if (options.help) {
      out.println(
          "usage: exchange-bench diff [--diff-commands N] [--seed N] [--users N] [--resting N]"
              + " [--mixes limit-cancel|exchange-core|crypto] [--multi-symbols N]");
      return 0;
    }
    Mix mix = options.mixes.size() == 1 ? options.mixes.get(0) : Mix.LIMIT_CANCEL;
    int symbols =
        options.multiSymbols > 0 && options.arguments.contains("--multi-symbols")
            ? options.multiSymbols
            : 1;
    FlowSpec spec =
        new FlowSpec(
            mix, symbols, options.users, options.resting, options.diffCommands(), options.seed);
    Differential.Report report = Differential.run(spec, options.coreThroughput());
    out.println(ReportWriter.differential(report));
    return report.passed() ? 0 : 1;
  }

  private Results run() throws Exception {
    Results results = new Results();
    if (options.section("jitter")) {
      runJitter(results);
    }
    if (options.section("diff")) {
      runDifferential(results);
    }
    if (options.section("throughput")) {
      for (FlowSpec spec : throughputFlows()) {
        runThroughput(spec, results);
      }
    }
    if (options.section("latency")) {
      for (Mix mix : options.mixes) {
        for (long rate : options.rates()) {
          runLatency(
              singleSymbol(mix, Latency.commandsFor(rate, options.latencySeconds())),
              rate,
              results);
        }
      }
    }
    if (options.section("memory")) {
      runMemory(results);
    }
    if (options.section("alloc")) {
      runAllocation(results);
    }
    if (options.section("jmh")) {
      log.println("jmh: running MatchingBenchmark with -prof gc …");
      results.jmh.addAll(JmhSection.run(options.quick));
    }
    return results;
  }

  private FlowSpec singleSymbol(Mix mix, int commands) {
    return new FlowSpec(mix, 1, options.users, options.resting, commands, options.seed);
  }

  private List<FlowSpec> throughputFlows() {
    List<FlowSpec> flows = new ArrayList<>();
    for (Mix mix : options.mixes) {
      flows.add(singleSymbol(mix, options.commands()));
      if (options.multiSymbols > 0) {
        flows.add(
            new FlowSpec(
                mix,
                options.multiSymbols,
                options.multiUsers,
                options.resting,
                options.commands(),
                options.seed));
      }
    }
    return flows;
  }

  /** Runs first, before any engine has started a thread or filled the heap. */
  private void runJitter(Results results) throws InterruptedException {
    log.println("jitter: spinning 1, then 2 threads for " + options.jitterSeconds() + " s …");
    for (MachineJitter.Probe probe : MachineJitter.run(options.jitterSeconds())) {
      for (MachineJitter.Stalls s : probe.stalls()) {
        log.printf(
            "jitter: %d thread(s): %d gaps > 1 ms, %.1f ms stalled, max %.1f µs; steal %s%n",
            probe.threads(),
            s.over1ms(),
            s.stalledNs() / 1e6,
            s.maxMicros(),
            probe.steal().describe());
      }
      results.jitter.add(probe);
    }
  }

  private void runDifferential(Results results) {
    FlowSpec spec =
        new FlowSpec(
            Mix.LIMIT_CANCEL,
            1,
            options.users,
            options.resting,
            options.diffCommands(),
            options.seed);
    log.println("diff: " + spec.describe() + ", " + spec.commands() + " commands …");
    Differential.Report report = Differential.run(spec, options.coreThroughput());
    results.differential = report;
    log.println("diff: " + (report.passed() ? "PASS" : "FAIL " + report.differences()));
    if (!report.passed()) {
      results.problems.add("the differential check found differences");
    }
  }

  private List<EngineDriver> drivers(boolean latency) {
    List<EngineDriver> drivers = new ArrayList<>();
    if (options.engine("sync") && !latency) {
      drivers.add(new BourseSyncDriver(options.detail));
      if (options.detail != EventDetail.ORDERS) {
        // What an event per order change costs, beside the compared detail.
        drivers.add(new BourseSyncDriver(EventDetail.ORDERS, SYNC_WITH_ORDERS));
      }
    }
    if (options.engine("runtime")) {
      drivers.add(new BourseRuntimeDriver(false, options.detail, options.journalDirectory));
    }
    if (options.engine("journal")) {
      drivers.add(new BourseRuntimeDriver(true, options.detail, options.journalDirectory));
    }
    if (options.engine("exchange-core")) {
      drivers.add(new CoreDriver(latency ? options.coreLatency() : options.coreThroughput()));
      if (latency) {
        // Its latency profile (a 2,048-slot ring) is its recommendation, but on a small machine
        // its throughput profile gave it far lower latency; each is measured, the better one is
        // the reference.
        drivers.add(new CoreDriver(options.coreThroughput(), CoreDriver.THROUGHPUT_PROFILE));
      }
    }
    return drivers;
  }

  private void runThroughput(FlowSpec spec, Results results) throws Exception {
    log.println("throughput: generating " + spec.describe() + " …");
    OrderFlow flow = FlowGenerator.generate(spec);
    results.proportions.put(spec, flow.proportions());
    List<Throughput.Result> rows =
        Throughput.measure(drivers(false), flow, options.warmup(), options.iterations());
    for (Throughput.Result r : rows) {
      log.printf(
          "throughput: %s, %s: median %,.0f commands/s%n", spec.describe(), r.engine(), r.median());
      check(results, spec.describe() + ", " + r.engine(), r.counters(), r.consistent());
    }
    results.throughput.put(spec, rows);
  }

  private void runLatency(FlowSpec spec, long rate, Results results) throws Exception {
    log.println("latency: generating " + spec.describe() + " for " + rate + "/s …");
    OrderFlow flow = FlowGenerator.generate(spec);
    List<Latency.Result> rows =
        results.latency.computeIfAbsent(spec.withCommands(0), k -> new ArrayList<>());
    for (EngineDriver driver : drivers(true)) {
      Latency.Result r = Latency.measure(driver, flow, rate);
      log.printf(
          "latency: %s at %,d/s, %s: p50 %.1f µs, p99 %.1f µs, max %.1f µs"
              + " (lateness p99 %.1f µs, service p99 %.1f µs)%n",
          spec.mix().label(),
          rate,
          r.engine(),
          r.micros(50),
          r.micros(99),
          r.maxMicros(),
          Latency.Result.micros(r.lateness(), 99),
          Latency.Result.micros(r.service(), 99));
      check(results, spec.describe() + " at " + rate + "/s, " + r.engine(), r.counters(), true);
      rows.add(r);
    }
  }

  private void runAllocation(Results results) {
    List<EventDetail> details = new ArrayList<>(List.of(EventDetail.NONE));
    for (EventDetail detail : List.of(options.detail, EventDetail.ORDERS)) {
      if (!details.contains(detail)) {
        details.add(detail);
      }
    }
    for (Mix mix : options.mixes) {
      OrderFlow flow = FlowGenerator.generate(singleSymbol(mix, options.commands()));
      for (EventDetail detail : details) {
        AllocationProbe.Result r = AllocationProbe.measure(flow, detail);
        log.printf("alloc: %s, %s: %.1f bytes/command%n", mix.label(), detail, r.bytesPerCommand());
        results.allocation.add(r);
      }
    }
  }

  private void runMemory(Results results) {
    FlowSpec spec = singleSymbol(Mix.LIMIT_CANCEL, 0);
    int orders = options.memoryOrders();
    log.println("memory: " + orders + " resting orders …");
    MemoryProbe.Result bourse = MemoryProbe.bourse(orders, spec);
    System.gc();
    MemoryProbe.Result core = MemoryProbe.core(orders, spec, options.coreThroughput());
    results.memory.add(bourse);
    results.memory.add(core);
    log.printf(
        "memory: Bourse %d bytes/order, exchange-core %d bytes/order%n",
        bourse.bytesPerOrder(), core.bytesPerOrder());
  }

  /** Records as a problem what would make a run's figures meaningless. */
  private static void check(Results results, String what, RunCounters c, boolean consistent) {
    if (c.idMismatches > 0) {
      results.problems.add(what + ": " + c.idMismatches + " order ids differ from the flow's");
    }
    if (!consistent) {
      results.problems.add(what + ": iterations disagree on rejects or trades");
    }
  }
}
