package org.bourse.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;
import org.bourse.core.Command;
import org.bourse.core.CommandResult;
import org.bourse.core.EventDetail;
import org.bourse.core.Exchange;
import org.bourse.core.ExchangeRuntime;
import org.bourse.core.Journal;
import org.bourse.core.JournalRecord;
import org.bourse.core.OrderType;
import org.bourse.core.RejectReason;
import org.bourse.core.RuntimeConfig;
import org.bourse.core.Side;
import org.bourse.core.SnapshotStore;
import org.bourse.core.TimeInForce;
import org.bourse.jdbc.Database;
import org.bourse.jdbc.DatabaseConfig;
import org.bourse.jdbc.JdbcJournal;

/**
 * {@code exchange-bench.jar jdbc-journal}: durable commands per second and acknowledgement latency
 * of Bourse's runtime on the PostgreSQL journal ({@link JdbcJournal}), with several producer
 * threads.
 *
 * <p>A fresh schema in the given database (dropped afterwards) holds the journal; snapshots go to a
 * temporary directory. The crypto-mix order flow is generated before anything is timed. The venue
 * setup and the fill phase (the books' resting orders) are submitted from one thread, not timed;
 * then the producers submit a warm-up part (not timed) and the measured part. Each producer owns
 * the users whose number modulo the producer count is its own, so a user's commands keep their
 * order (a cancel follows its order) as on one client connection; orders are named by client order
 * id, since with several producers the engine's order ids depend on the interleaving. Each producer
 * keeps up to {@code --window} commands unacknowledged.
 *
 * <p>The rate is commands over wall time from releasing the producers to the last acknowledgement:
 * every command counted was committed to PostgreSQL (synchronous commit, so its WAL was flushed)
 * before its future completed. Latency is from just before {@code submit} to the completion of the
 * future, read on the engine thread as it completes it, recorded in an HdrHistogram. A journal
 * wrapper counts the group commits and the engine thread's time inside {@code append}, which tells
 * whether the engine waits on the database.
 */
final class JdbcJournalBench {
  static final String USAGE =
      String.join(
          "\n",
          "usage: exchange-bench jdbc-journal [options]",
          "  --url URL          PostgreSQL JDBC URL (jdbc:postgresql://127.0.0.1:5432/bourse_test)",
          "  --user U           (bourse_test)",
          "  --password P       (bourse_test)",
          "  --commands N       measured commands (1000000)",
          "  --warmup N         warm-up commands before them, not timed (200000)",
          "  --producers N      producer threads (4)",
          "  --window N         unacknowledged commands per producer (2048)",
          "  --batch N          the runtime's largest group commit, commands (4096)",
          "  --snapshot-every N commands between snapshots; 0 only at close (1000000)",
          "  --users N          funded users (2000)",
          "  --symbols N        instruments (8)",
          "  --seed N           flow seed (42)");

  private String url = "jdbc:postgresql://127.0.0.1:5432/bourse_test";
  private String user = "bourse_test";
  private String password = "bourse_test";
  private int commands = 1_000_000;
  private int warmup = 200_000;
  private int producers = 4;
  private int window = 2_048;
  private int batch = 4_096;
  private long snapshotEvery = 1_000_000;
  private int users = 2_000;
  private int symbols = 8;
  private long seed = 42;

  private JdbcJournalBench() {}

  /** Parses the options, runs once and prints the report; returns the exit status. */
  static int main(String[] args, PrintStream out) throws Exception {
    JdbcJournalBench bench = new JdbcJournalBench();
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      if (option.equals("--help")) {
        out.println(USAGE);
        return 0;
      }
      if (i + 1 == args.length) {
        System.err.println(option + " needs a value\n" + USAGE);
        return 2;
      }
      String value = args[++i];
      switch (option) {
        case "--url" -> bench.url = value;
        case "--user" -> bench.user = value;
        case "--password" -> bench.password = value;
        case "--commands" -> bench.commands = positive(option, value);
        case "--warmup" -> bench.warmup = Integer.parseInt(value);
        case "--producers" -> bench.producers = positive(option, value);
        case "--window" -> bench.window = positive(option, value);
        case "--batch" -> bench.batch = positive(option, value);
        case "--snapshot-every" -> bench.snapshotEvery = Long.parseLong(value);
        case "--users" -> bench.users = positive(option, value);
        case "--symbols" -> bench.symbols = positive(option, value);
        case "--seed" -> bench.seed = Long.parseLong(value);
        default -> {
          System.err.println("unknown option " + option + "\n" + USAGE);
          return 2;
        }
      }
    }
    bench.run(out);
    return 0;
  }

  private static int positive(String option, String value) {
    int n = Integer.parseInt(value);
    if (n < 1) {
      throw new IllegalArgumentException(option + " must be at least 1, was " + value);
    }
    return n;
  }

  private void run(PrintStream out) throws Exception {
    FlowSpec spec = new FlowSpec(Mix.CRYPTO, symbols, users, 1_000, warmup + commands, seed);
    OrderFlow flow = FlowGenerator.generate(spec);
    Command[] all = new Command[flow.size];
    long firstId = BourseFlow.setupSize(spec) + 1L;
    for (int i = 0; i < flow.size; i++) {
      all[i] = command(flow, i, firstId + i);
    }
    String schema = "bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    execute("CREATE SCHEMA " + schema);
    Path snapshots = Files.createTempDirectory("bourse-bench-snapshots-");
    String separator = url.contains("?") ? "&" : "?";
    try (Database database =
        Database.open(
            DatabaseConfig.of(url + separator + "currentSchema=" + schema, user, password)
                .withPoolSize(2))) {
      TimedJournal journal = new TimedJournal(JdbcJournal.open(database));
      RuntimeConfig config =
          RuntimeConfig.defaults()
              .withExchange(BourseFlow.config(EventDetail.ORDERS))
              .withQueue(Math.max(65_536, 2 * producers * window), batch)
              .withSnapshotEvery(snapshotEvery);
      try (ExchangeRuntime runtime =
          ExchangeRuntime.start(config, journal, SnapshotStore.inDirectory(snapshots))) {
        List<Command> untimed = new ArrayList<>(BourseFlow.setup(spec));
        for (int i = 0; i < flow.fillCount; i++) {
          untimed.add(all[i]);
        }
        submitInOrder(runtime, untimed);
        Phase warm = new Phase(runtime, all, flow.fillCount, flow.fillCount + warmup);
        warm.run();
        Phase timed = new Phase(runtime, all, flow.fillCount + warmup, flow.size);
        TimedJournal.Counts before = journal.counts();
        timed.run();
        TimedJournal.Counts during = journal.counts().since(before);
        long stateHash =
            runtime
                .query(
                    (Exchange exchange) -> {
                      exchange.verify();
                      return exchange.stateHash();
                    })
                .join();
        report(out, spec, flow, timed, during, stateHash);
      }
    } finally {
      execute("DROP SCHEMA " + schema + " CASCADE");
      BourseRuntimeDriver.deleteRecursively(snapshots);
    }
  }

  /**
   * Flow command {@code i} with orders named by client order id {@code o<handle>}: GTC and IOC
   * limit orders, cancels, price moves and quantity reductions.
   */
  private static Command command(OrderFlow flow, int i, long commandId) {
    long owner = flow.user[i];
    String clientOrderId = "o" + flow.handle[i];
    return switch (flow.kind[i]) {
      case OrderFlow.GTC, OrderFlow.IOC ->
          new Command.PlaceOrder(
              commandId,
              owner,
              flow.symbol[i],
              clientOrderId,
              flow.buy[i] ? Side.BUY : Side.SELL,
              OrderType.LIMIT,
              flow.kind[i] == OrderFlow.GTC ? TimeInForce.GTC : TimeInForce.IOC,
              flow.price[i],
              flow.lots[i],
              0,
              0,
              null);
      case OrderFlow.CANCEL -> new Command.CancelOrder(commandId, owner, 0, clientOrderId);
      case OrderFlow.MOVE ->
          new Command.AmendOrder(commandId, owner, 0, clientOrderId, flow.price[i], 0);
      case OrderFlow.REDUCE ->
          new Command.AmendOrder(commandId, owner, 0, clientOrderId, 0, flow.newTotalLots[i]);
      default -> throw new IllegalStateException("unknown kind " + flow.kind[i]);
    };
  }

  /** Submits from this thread, keeping at most a window in flight, and waits for all. */
  private void submitInOrder(ExchangeRuntime runtime, List<Command> commands) {
    ArrayList<CompletableFuture<CommandResult>> inFlight = new ArrayList<>();
    for (Command command : commands) {
      inFlight.add(submit(runtime, command));
      if (inFlight.size() == window) {
        inFlight.forEach(CompletableFuture::join);
        inFlight.clear();
      }
    }
    inFlight.forEach(CompletableFuture::join);
  }

  /** Submits, and again after a pause while the runtime answers BUSY (its queue is full). */
  private static CompletableFuture<CommandResult> submit(ExchangeRuntime runtime, Command command) {
    while (true) {
      CompletableFuture<CommandResult> future = runtime.submit(command);
      CommandResult refused = future.getNow(null);
      if (refused == null
          || refused.sequence() != 0
          || refused.rejectReason() != RejectReason.BUSY) {
        return future;
      }
      Pacing.backOff();
    }
  }

  /** Commands {@code [from, to)} submitted by the producers at once. */
  private final class Phase {
    final ExchangeRuntime runtime;
    final Command[] all;
    final int from;
    final long[] submitNanos;
    final long[] ackNanos;
    final boolean[] accepted;
    final List<int[]> shares;
    long elapsedNanos;

    Phase(ExchangeRuntime runtime, Command[] all, int from, int to) {
      this.runtime = runtime;
      this.all = all;
      this.from = from;
      this.submitNanos = new long[to - from];
      this.ackNanos = new long[to - from];
      this.accepted = new boolean[to - from];
      int[] counts = new int[producers];
      for (int i = from; i < to; i++) {
        counts[owner(i)]++;
      }
      this.shares = new ArrayList<>();
      for (int p = 0; p < producers; p++) {
        shares.add(new int[counts[p]]);
      }
      int[] filled = new int[producers];
      for (int i = from; i < to; i++) {
        shares.get(owner(i))[filled[owner(i)]++] = i;
      }
    }

    private int owner(int i) {
      return (int) (userOf(all[i]) % producers);
    }

    void run() throws InterruptedException {
      CountDownLatch start = new CountDownLatch(1);
      List<Thread> threads = new ArrayList<>();
      for (int[] share : shares) {
        Thread thread = new Thread(() -> produce(share, start), "producer-" + threads.size());
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
      }
      long startNanos = System.nanoTime();
      start.countDown();
      for (Thread thread : threads) {
        thread.join();
      }
      elapsedNanos = System.nanoTime() - startNanos;
      for (long ack : ackNanos) {
        if (ack == 0) {
          throw new IllegalStateException("a command was not acknowledged");
        }
      }
    }

    private void produce(int[] share, CountDownLatch start) {
      java.util.ArrayDeque<CompletableFuture<?>> inFlight = new java.util.ArrayDeque<>(window);
      try {
        start.await();
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        return;
      }
      for (int i : share) {
        while (inFlight.size() >= window) {
          inFlight.poll().join();
        }
        int k = i - from;
        submitNanos[k] = System.nanoTime();
        inFlight.add(
            submit(runtime, all[i])
                .thenAccept(
                    result -> {
                      ackNanos[k] = System.nanoTime();
                      accepted[k] = result.accepted();
                    }));
      }
      inFlight.forEach(CompletableFuture::join);
    }
  }

  private static long userOf(Command command) {
    if (command instanceof Command.PlaceOrder place) {
      return place.userId();
    } else if (command instanceof Command.CancelOrder cancel) {
      return cancel.userId();
    } else if (command instanceof Command.AmendOrder amend) {
      return amend.userId();
    }
    return 0;
  }

  private void report(
      PrintStream out,
      FlowSpec spec,
      OrderFlow flow,
      Phase timed,
      TimedJournal.Counts journal,
      long stateHash) {
    Histogram histogram = new Histogram(60_000_000_000L, 3);
    long rejected = 0;
    for (int k = 0; k < timed.ackNanos.length; k++) {
      histogram.recordValue(Math.max(0, timed.ackNanos[k] - timed.submitNanos[k]));
      rejected += timed.accepted[k] ? 0 : 1;
    }
    double seconds = timed.elapsedNanos / 1e9;
    out.printf(
        Locale.ROOT,
        "bench jdbc-journal: %,d commands (%s), each committed to PostgreSQL before it is"
            + " acknowledged%n",
        commands,
        spec.describe());
    out.printf(Locale.ROOT, "  database    %s (a fresh schema, dropped afterwards)%n", url);
    out.printf(
        Locale.ROOT,
        "  runtime     group commits of up to %,d, a snapshot every %,d commands%n",
        batch,
        snapshotEvery);
    out.printf(
        Locale.ROOT,
        "  producers   %d, each with up to %,d commands in flight%n",
        producers,
        window);
    out.printf(
        Locale.ROOT,
        "  untimed     setup and fill phase (%,d commands), warm-up %,d commands%n",
        BourseFlow.setupSize(spec) + flow.fillCount,
        warmup);
    out.printf(Locale.ROOT, "  measured    %s%n", flow.proportions());
    out.println();
    out.println(
        "| producers | commands | seconds | commands/s | commits | commands/commit"
            + " | p50 ms | p99 ms | p99.9 ms | max ms |");
    out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    out.printf(
        Locale.ROOT,
        "| %d | %,d | %.2f | %,.0f | %,d | %,.0f | %.2f | %.2f | %.2f | %.2f |%n",
        producers,
        commands,
        seconds,
        commands / seconds,
        journal.appends(),
        journal.records() / (double) Math.max(1, journal.appends()),
        millis(histogram, 50),
        millis(histogram, 99),
        millis(histogram, 99.9),
        histogram.getMaxValue() / 1e6);
    out.println();
    out.printf(
        Locale.ROOT,
        "journal     %.3f s in append (%.0f%% of the measured time), %.2f ms per group commit;"
            + " %,d rejected by the engine (stale cancels and amends)%n",
        journal.appendNanos() / 1e9,
        100.0 * journal.appendNanos() / timed.elapsedNanos,
        journal.appendNanos() / 1e6 / Math.max(1, journal.appends()),
        rejected);
    out.printf(Locale.ROOT, "state hash  %016x (invariants verified)%n", stateHash);
  }

  private static double millis(Histogram histogram, double percentile) {
    return histogram.getValueAtPercentile(percentile) / 1e6;
  }

  private void execute(String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url, user, password);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  /**
   * The journal with counters: group commits, records and time inside {@link #append}, which runs
   * on the engine thread; read from another thread between phases.
   */
  private static final class TimedJournal implements Journal {
    private final Journal journal;
    private volatile long appends;
    private volatile long records;
    private volatile long appendNanos;

    TimedJournal(Journal journal) {
      this.journal = journal;
    }

    record Counts(long appends, long records, long appendNanos) {
      Counts since(Counts before) {
        return new Counts(
            appends - before.appends, records - before.records, appendNanos - before.appendNanos);
      }
    }

    Counts counts() {
      return new Counts(appends, records, appendNanos);
    }

    @Override
    public void append(List<JournalRecord> batch) {
      long start = System.nanoTime();
      journal.append(batch);
      // Only the engine thread writes these; volatile so the main thread reads them fresh.
      appendNanos = appendNanos + (System.nanoTime() - start);
      records = records + batch.size();
      appends = appends + 1;
    }

    @Override
    public long lastSequence() {
      return journal.lastSequence();
    }

    @Override
    public long firstSequence() {
      return journal.firstSequence();
    }

    @Override
    public void replay(long afterSequence, Consumer<JournalRecord> consumer) {
      journal.replay(afterSequence, consumer);
    }

    @Override
    public void pruneThrough(long throughSequence) {
      journal.pruneThrough(throughSequence);
    }

    @Override
    public List<String> openReport() {
      return journal.openReport();
    }

    @Override
    public void close() {
      journal.close();
    }
  }
}
