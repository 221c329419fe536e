package org.bourse.cli.simulate;

import java.util.List;
import org.bourse.core.Command;
import org.bourse.core.CommandResult;
import org.bourse.core.Exchange;
import org.bourse.core.ExchangeConfig;
import org.bourse.core.ExchangeException;

/**
 * Runs an {@link OrderFlow} through an in-process {@link Exchange} on the calling thread.
 *
 * <p>Commands are generated a chunk at a time, then applied in a tight loop; only that loop is
 * timed, so the rate is the engine's and not the generator's. Counting the results and checking the
 * invariants happen outside it too.
 */
final class Simulator {
  /** Small enough to keep a chunk's commands and results in cache-friendly arrays. */
  private static final int CHUNK = 16_384;

  /** Receives the progress of a run after every chunk. */
  interface Progress {
    /**
     * @param applied flow commands applied so far
     * @param engineNanos time spent applying them
     */
    void update(long applied, long total, long engineNanos);
  }

  private final Settings settings;
  private final Progress progress;
  private final Exchange exchange;
  private final OrderFlow flow;
  private final Tally tally = new Tally(Listing.values().length);
  private final Command[] commands = new Command[CHUNK];
  private final long[] timestampsMs = new long[CHUNK];
  private final CommandResult[] results = new CommandResult[CHUNK];
  private long applied;
  private long engineNanos;
  private long generateNanos;
  private int verifications;

  private Simulator(Settings settings, Progress progress) {
    this.settings = settings;
    this.progress = progress;
    this.exchange = Exchange.create(ExchangeConfig.defaults().withEventDetail(settings.events()));
    this.flow = new OrderFlow(settings.seed(), settings.users(), settings.listings());
  }

  /**
   * Sets up the venue, applies the flow and checks the invariants at the end (and every {@link
   * Settings#verifyEvery()} commands). A broken invariant stops the run and is part of the report.
   *
   * @throws ExchangeException if the engine throws while applying a command: a bug in the engine
   */
  static Report run(Settings settings, Progress progress) {
    return new Simulator(settings, progress).run();
  }

  private Report run() {
    int setupCommands = setUp();
    long total = settings.commands();
    long every = settings.verifyEvery();
    long nextCheck = every > 0 ? Math.min(every, total) : total;
    String failure = null;
    while (applied < total && failure == null) {
      int count = (int) Math.min(CHUNK, total - applied);
      long start = System.nanoTime();
      flow.next(commands, timestampsMs, count);
      generateNanos += System.nanoTime() - start;
      int done = 0;
      while (done < count && failure == null) {
        int end = (int) Math.min(count, done + (nextCheck - applied));
        applyTimed(done, end);
        done = end;
        if (applied == nextCheck) {
          failure = verify();
          nextCheck = every > 0 ? Math.min(nextCheck + every, total) : total;
        }
      }
      progress.update(applied, total, engineNanos);
    }
    return new Report(
        settings,
        setupCommands,
        applied,
        engineNanos,
        generateNanos,
        tally,
        exchange.stateHash(),
        verifications,
        failure);
  }

  /** Applies the setup commands untimed; each must be accepted. */
  private int setUp() {
    List<Command> setup = flow.setup();
    for (Command command : setup) {
      CommandResult result = exchange.apply(OrderFlow.START_MS, command);
      if (!result.accepted()) {
        throw new IllegalStateException(
            "setup command refused: " + command + " -> " + result.rejectReason());
      }
    }
    return setup.size();
  }

  /** Applies commands [from, to) of the chunk, timing only the engine, then counts them. */
  private void applyTimed(int from, int to) {
    int i = from;
    long start = System.nanoTime();
    try {
      for (; i < to; i++) {
        results[i] = exchange.apply(timestampsMs[i], commands[i]);
      }
    } catch (RuntimeException engineFailure) {
      long number = applied + (i - from) + 1;
      throw new ExchangeException(
          "the engine failed on flow command #"
              + number
              + " "
              + commands[i]
              + "; reproduce with: "
              + settings.withCommands(number).commandLine(),
          engineFailure);
    }
    engineNanos += System.nanoTime() - start;
    for (int k = from; k < to; k++) {
      tally.add(results[k]);
      results[k] = null;
    }
    applied += to - from;
  }

  /** Checks the invariants; returns the broken one's description, or null. */
  private String verify() {
    verifications++;
    try {
      exchange.verify();
      return null;
    } catch (ExchangeException broken) {
      return broken.getMessage();
    }
  }
}
