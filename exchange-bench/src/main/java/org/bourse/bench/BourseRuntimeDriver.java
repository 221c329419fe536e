package org.bourse.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.bourse.core.Command;
import org.bourse.core.CommandResult;
import org.bourse.core.EventDetail;
import org.bourse.core.ExchangeRuntime;
import org.bourse.core.RejectReason;
import org.bourse.core.RuntimeConfig;

/**
 * Bourse's runtime: commands are submitted from this (the producer) thread and applied on the
 * runtime's engine thread, which journals each batch before it completes the batch's futures.
 *
 * <p>Two variants: without a journal ({@link NullJournal}, which keeps nothing, and {@link
 * NullSnapshotStore}), which measures the hand-off and batching; and durable, with the file journal
 * of {@link ExchangeRuntime#openFiles} in a fresh temporary directory, where each batch is forced
 * to disk before its futures complete.
 *
 * <p>For throughput the producer keeps up to {@link #WINDOW} futures in flight and reaps the oldest
 * before submitting more; because the runtime completes futures in submission order, waiting on the
 * oldest is waiting on the right one. The window stays below the runtime's queue capacity, so the
 * runtime never answers BUSY; should it, the command is submitted again (client back-pressure), so
 * the flow is never broken.
 */
final class BourseRuntimeDriver implements EngineDriver {
  /** Futures in flight: well above a batch (4,096), well below the queue (65,536). */
  static final int WINDOW = 16_384;

  private final boolean durable;
  private final EventDetail detail;
  private final Path journalParent;
  private ExchangeRuntime runtime;
  private Path journalDirectory;
  private OrderFlow flow;
  private Command[] commands;
  private RunCounters counters = new RunCounters();

  /** Futures in flight, by flow index modulo the window (Java has no generic array creation). */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private final CompletableFuture<CommandResult>[] ring = new CompletableFuture[WINDOW];

  /**
   * @param durable whether to use the file journal
   * @param journalParent where the durable variant creates its temporary journal directory
   */
  BourseRuntimeDriver(boolean durable, EventDetail detail, Path journalParent) {
    this.durable = durable;
    this.detail = detail;
    this.journalParent = journalParent;
  }

  @Override
  public String name() {
    return durable ? "Bourse runtime + file journal" : "Bourse runtime";
  }

  @Override
  public void load(OrderFlow orderFlow) throws IOException {
    close();
    this.flow = orderFlow;
    RuntimeConfig config = RuntimeConfig.defaults().withExchange(BourseFlow.config(detail));
    if (durable) {
      journalDirectory = Files.createTempDirectory(journalParent, "bourse-bench-journal-");
      runtime = ExchangeRuntime.openFiles(journalDirectory, config);
    } else {
      runtime = ExchangeRuntime.start(config, new NullJournal(), new NullSnapshotStore());
    }
    List<Command> setup = BourseFlow.setup(orderFlow.spec);
    CompletableFuture<CommandResult> last = null;
    for (Command command : setup) {
      last = submit(command);
    }
    if (last != null && !last.join().accepted()) {
      throw new IllegalStateException("setup refused: " + last.join());
    }
    this.commands = BourseFlow.commands(orderFlow);
    RunCounters fill = new RunCounters();
    runWindowed(0, orderFlow.fillCount, fill);
    requireCleanFill(name(), fill);
    counters = new RunCounters();
  }

  /** Fails loudly if the fill phase was not applied exactly as generated. */
  static void requireCleanFill(String engine, RunCounters fill) {
    if (fill.rejected > 0 || fill.idMismatches > 0) {
      throw new IllegalStateException(
          engine
              + " did not apply the fill phase as generated: rejects "
              + fill.rejectSummary()
              + ", order id mismatches "
              + fill.idMismatches);
    }
  }

  @Override
  public long runAll(int from, int to) {
    return runWindowed(from, to, counters);
  }

  private long runWindowed(int from, int to, RunCounters c) {
    java.util.Arrays.fill(ring, null);
    int mask = WINDOW - 1;
    long start = System.nanoTime();
    for (int i = from; i < to; i++) {
      int slot = i & mask;
      CompletableFuture<CommandResult> oldest = ring[slot];
      if (oldest != null) {
        BourseSyncDriver.account(flow, c, oldest.join(), i - WINDOW);
      }
      ring[slot] = submit(commands[i]);
    }
    for (int i = Math.max(from, to - WINDOW); i < to; i++) {
      BourseSyncDriver.account(flow, c, ring[i & mask].join(), i);
    }
    long elapsed = System.nanoTime() - start;
    java.util.Arrays.fill(ring, null);
    return elapsed;
  }

  /** Submits, and submits again while the runtime answers BUSY (its queue is full). */
  private CompletableFuture<CommandResult> submit(Command command) {
    while (true) {
      CompletableFuture<CommandResult> future = runtime.submit(command);
      if (!future.isDone() || future.isCompletedExceptionally()) {
        return future;
      }
      CommandResult result = future.join();
      if (result.rejectReason() != RejectReason.BUSY) {
        return future;
      }
      Pacing.backOff();
    }
  }

  @Override
  public void runScheduled(
      int from,
      int to,
      double intervalNs,
      long[] scheduledNs,
      long[] submittedNs,
      long[] completedNs) {
    int n = to - from;
    Outcomes outcomes = new Outcomes(flow, from, n, completedNs);
    Stamp[] stamps = new Stamp[n];
    for (int k = 0; k < n; k++) {
      stamps[k] = new Stamp(k, outcomes);
    }
    Pacing.settleHeap();
    long start = System.nanoTime() + 1_000_000;
    for (int k = 0; k < n; k++) {
      scheduledNs[k] = start + (long) (k * intervalNs);
    }
    for (int k = 0; k < n; k++) {
      Pacing.awaitNanoTime(scheduledNs[k]);
      submittedNs[k] = System.nanoTime();
      submit(commands[from + k]).whenComplete(stamps[k]);
    }
    while (outcomes.completions.get() < n) {
      Pacing.backOff();
    }
    outcomes.addTo(counters);
  }

  /**
   * What the scheduled commands returned, kept in compact arrays rather than as results, so that a
   * run of millions of commands does not hold millions of result objects.
   */
  private static final class Outcomes {
    private static final byte ACCEPTED = 0;
    private static final byte REJECTED = 1;
    private static final byte WRONG_ID = 2;
    private static final byte FAILED = 3;

    final OrderFlow flow;
    final int from;
    final long[] completedNs;
    final byte[] outcome;
    final int[] trades;
    final RejectReason[] reasons;
    final AtomicInteger completions = new AtomicInteger();

    Outcomes(OrderFlow flow, int from, int n, long[] completedNs) {
      this.flow = flow;
      this.from = from;
      this.completedNs = completedNs;
      this.outcome = new byte[n];
      this.trades = new int[n];
      this.reasons = new RejectReason[n];
    }

    void record(int k, CommandResult result) {
      completedNs[k] = System.nanoTime();
      int i = from + k;
      if (result == null) {
        outcome[k] = FAILED;
      } else if (!result.accepted()) {
        outcome[k] = REJECTED;
        reasons[k] = result.rejectReason();
      } else if (flow.isPlace(i) && result.orderId() != flow.handle[i]) {
        outcome[k] = WRONG_ID;
      }
      if (result != null) {
        trades[k] = BourseSyncDriver.trades(result);
      }
      completions.incrementAndGet();
    }

    void addTo(RunCounters c) {
      for (int k = 0; k < outcome.length; k++) {
        c.commands++;
        c.trades += trades[k];
        switch (outcome[k]) {
          case REJECTED:
            c.reject(reasons[k].name());
            break;
          case WRONG_ID:
            c.idMismatches++;
            break;
          case FAILED:
            throw new IllegalStateException("command " + (from + k) + " failed in the runtime");
          default:
            break;
        }
      }
    }
  }

  /** Records a command's completion on whichever thread completes it (the engine thread). */
  private static final class Stamp implements BiConsumer<CommandResult, Throwable> {
    private final int index;
    private final Outcomes outcomes;

    Stamp(int index, Outcomes outcomes) {
      this.index = index;
      this.outcomes = outcomes;
    }

    @Override
    public void accept(CommandResult result, Throwable failure) {
      outcomes.record(index, result);
    }
  }

  @Override
  public RunCounters counters() {
    return counters;
  }

  @Override
  public void close() {
    if (runtime != null) {
      runtime.close();
      runtime = null;
    }
    commands = null;
    if (journalDirectory != null) {
      deleteRecursively(journalDirectory);
      journalDirectory = null;
    }
  }

  static void deleteRecursively(Path directory) {
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete " + directory, e);
    }
  }
}
