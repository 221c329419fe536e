package org.bourse.cli.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import org.bourse.cli.simulate.OrderFlow;
import org.bourse.core.Command;
import org.bourse.core.CommandResult;
import org.bourse.core.Exchange;
import org.bourse.core.ExchangeException;
import org.bourse.core.ExchangeRuntime;
import org.bourse.core.FileJournalOptions;
import org.bourse.core.Journal;
import org.bourse.core.RejectReason;
import org.bourse.core.RuntimeConfig;
import org.bourse.core.SnapshotStore;

/**
 * Runs the durable benchmark: a runtime on the file journal in a data directory, the venue set up
 * (not timed), the first part of the pre-generated order flow submitted by the producers to warm up
 * the JIT compiler (not timed), the rest submitted by them again (timed), then the invariant check
 * and close (not timed).
 *
 * <p>What is timed is wall time from releasing the producers to the last acknowledgement, so the
 * rate is durable commands per second: each one journaled, forced to disk and applied before it
 * counts. The commands are generated before the clock starts, so the rate is the runtime's, not the
 * generator's.
 */
final class DurableBench {
  private DurableBench() {}

  /** The options of one run, already validated. */
  record Settings(
      long seed,
      int warmup,
      int commands,
      int users,
      int producers,
      int window,
      int batch,
      long snapshotEvery) {

    RuntimeConfig runtimeConfig() {
      RuntimeConfig defaults = RuntimeConfig.defaults();
      return defaults.withQueue(defaults.queueCapacity(), batch).withSnapshotEvery(snapshotEvery);
    }
  }

  static DurableReport run(Settings settings, Path data) throws IOException {
    OrderFlow flow = new OrderFlow(settings.seed(), settings.users(), Durable.LISTINGS);
    List<Command> setup = flow.setup();
    Command[] warmup = new Command[settings.warmup()];
    flow.next(warmup, new long[warmup.length], warmup.length);
    Command[] commands = new Command[settings.commands()];
    flow.next(commands, new long[commands.length], commands.length);

    CountingChannel.Counters io = new CountingChannel.Counters();
    Journal journal =
        Journal.openFiles(
            data.resolve("journal"), FileJournalOptions.defaults().withChannels(io.opener()));
    TimedSnapshots snapshots =
        new TimedSnapshots(SnapshotStore.inDirectory(data.resolve("snapshots")));
    try (ExchangeRuntime runtime =
        ExchangeRuntime.start(settings.runtimeConfig(), journal, snapshots)) {
      submitAll(runtime, setup);
      if (warmup.length > 0) {
        new Phase(runtime, warmup, settings).run(io, snapshots);
      }
      Phase timed = new Phase(runtime, commands, settings);
      timed.run(io, snapshots);
      long[] latencies = new long[commands.length];
      long rejected = 0;
      for (int i = 0; i < commands.length; i++) {
        latencies[i] = timed.ackNanos[i] - timed.submitNanos[i];
        rejected += timed.outcomes[i] == Producer.REJECTED ? 1 : 0;
      }
      return new DurableReport(
          settings,
          setup.size(),
          timed.elapsedNanos,
          new Latencies(latencies),
          timed.during,
          rejected,
          timed.busyRetries,
          checkedStateHash(runtime));
    }
  }

  /** Commands submitted by the producers at once, and what that took. */
  private static final class Phase {
    final ExchangeRuntime runtime;
    final Command[] commands;
    final Settings settings;
    final long[] submitNanos;
    final long[] ackNanos;
    final byte[] outcomes;
    long elapsedNanos;
    long busyRetries;
    Activity during;

    Phase(ExchangeRuntime runtime, Command[] commands, Settings settings) {
      this.runtime = runtime;
      this.commands = commands;
      this.settings = settings;
      this.submitNanos = new long[commands.length];
      this.ackNanos = new long[commands.length];
      this.outcomes = new byte[commands.length];
    }

    /** Starts the producers together and waits until every command is acknowledged. */
    void run(CountingChannel.Counters io, TimedSnapshots snapshots) {
      CountDownLatch start = new CountDownLatch(1);
      List<Producer> producers = new ArrayList<>();
      List<Thread> threads = new ArrayList<>();
      for (int[] share : shares(commands, settings.producers())) {
        Producer producer =
            new Producer(
                runtime,
                commands,
                share,
                settings.window(),
                submitNanos,
                ackNanos,
                outcomes,
                start);
        producers.add(producer);
        Thread thread = new Thread(producer, "bench-producer-" + producers.size());
        // Should anything below fail before the start signal, waiting producers must not keep
        // the JVM alive.
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
      }
      Activity before = Activity.now(io, snapshots);
      long startNanos = System.nanoTime();
      start.countDown();
      for (int i = 0; i < threads.size(); i++) {
        join(threads.get(i));
        if (producers.get(i).failure() != null) {
          throw new ExchangeException(
              "the runtime failed during the benchmark", producers.get(i).failure());
        }
        busyRetries += producers.get(i).busyRetries();
      }
      elapsedNanos = System.nanoTime() - startNanos;
      during = Activity.now(io, snapshots).since(before);
    }
  }

  /**
   * Splits the commands among the producers by user, so that each user's commands keep their order
   * (cancels come after the orders they cancel) as they would on one client connection.
   */
  private static List<int[]> shares(Command[] commands, int producers) {
    int[] counts = new int[producers];
    int[] owner = new int[commands.length];
    for (int i = 0; i < commands.length; i++) {
      owner[i] = (int) (userOf(commands[i]) % producers);
      counts[owner[i]]++;
    }
    List<int[]> shares = new ArrayList<>();
    for (int p = 0; p < producers; p++) {
      shares.add(new int[counts[p]]);
    }
    int[] filled = new int[producers];
    for (int i = 0; i < commands.length; i++) {
      shares.get(owner[i])[filled[owner[i]]++] = i;
    }
    return shares;
  }

  /** The user a flow command acts for; 0 for venue commands (the flow sends none after setup). */
  private static long userOf(Command command) {
    if (command instanceof Command.PlaceOrder) {
      return ((Command.PlaceOrder) command).userId();
    } else if (command instanceof Command.CancelOrder) {
      return ((Command.CancelOrder) command).userId();
    } else if (command instanceof Command.AmendOrder) {
      return ((Command.AmendOrder) command).userId();
    } else if (command instanceof Command.CancelAll) {
      return ((Command.CancelAll) command).userId();
    } else if (command instanceof Command.Deposit) {
      return ((Command.Deposit) command).userId();
    }
    return 0;
  }

  /**
   * Submits commands from this thread and waits for all of them, retrying when the queue is full.
   */
  private static void submitAll(ExchangeRuntime runtime, List<Command> commands) {
    List<CompletableFuture<CommandResult>> results = new ArrayList<>();
    for (Command command : commands) {
      CompletableFuture<CommandResult> result = runtime.submit(command);
      while (result.isDone() && result.join().rejectReason() == RejectReason.BUSY) {
        results.forEach(CompletableFuture::join);
        result = runtime.submit(command);
      }
      results.add(result);
    }
    results.forEach(CompletableFuture::join);
  }

  /** The state hash after checking the invariants, both on the engine thread between batches. */
  private static long checkedStateHash(ExchangeRuntime runtime) {
    try {
      return runtime
          .query(
              (Exchange exchange) -> {
                exchange.verify();
                return exchange.stateHash();
              })
          .join();
    } catch (CompletionException failed) {
      if (failed.getCause() instanceof ExchangeException) {
        throw (ExchangeException) failed.getCause();
      }
      throw failed;
    }
  }

  private static void join(Thread thread) {
    try {
      thread.join();
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the producers", interrupted);
    }
  }
}
