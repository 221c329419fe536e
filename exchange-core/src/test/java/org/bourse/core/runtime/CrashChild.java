package org.bourse.core.runtime;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.bourse.core.Clock;
import org.bourse.core.Command;
import org.bourse.core.CommandResult;
import org.bourse.core.EventDetail;
import org.bourse.core.Exchange;
import org.bourse.core.ExchangeConfig;
import org.bourse.core.ExchangeRuntime;
import org.bourse.core.FeeModel;
import org.bourse.core.RuntimeConfig;

/**
 * The process {@link CrashRecoveryTest} kills: it opens a runtime on a data directory, submits the
 * market setup and then seeded flows from several threads for as long as it lives, and prints a
 * line {@code A <commandId> <sequence>} for each command only after its future completed (so every
 * printed command is acknowledged), flushing after each group of lines.
 *
 * <p>Other lines: {@code REPORT <line>} for each line of the recovery report, then {@code RECOVERED
 * <lastSequence> <stateHash>} once the runtime is open.
 *
 * <p>Arguments: data directory, run number (makes command and client order ids unique across runs),
 * number of submitting threads. It stops by itself when its standard input closes (the parent died)
 * or after two minutes, so that it never outlives a broken test.
 */
public final class CrashChild {
  /** The flow's bounds with an idempotency window of 4,096 ids. */
  static final ExchangeConfig CONFIG =
      new ExchangeConfig(8, 4, 1_000, 40, 5_000, 30, 8, 4_096, FeeModel.TIERED, EventDetail.FULL);

  static final int USERS = 20;

  /** Outstanding commands per submitting thread. */
  private static final int WINDOW = 64;

  private CrashChild() {}

  /**
   * Snapshots every 5,000 commands, so kills also land during snapshot writes; journal pruning off,
   * so the parent can check every acknowledged command against the whole journal.
   */
  static RuntimeConfig runtimeConfig() {
    return new RuntimeConfig(CONFIG, 65_536, 4_096, 5_000, 2, false, 1_024, Clock.system());
  }

  public static void main(String[] args) throws Exception {
    Path data = Path.of(args[0]);
    int run = Integer.parseInt(args[1]);
    int threads = Integer.parseInt(args[2]);
    stopWhenOrphaned();
    PrintStream out =
        new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
    ExchangeRuntime runtime = ExchangeRuntime.openFiles(data, runtimeConfig());
    for (String line : runtime.recoveryReport()) {
      out.println("REPORT " + line);
    }
    out.println(
        "RECOVERED " + runtime.lastSequence() + " " + runtime.query(Exchange::stateHash).join());
    out.flush();

    // The setup again on every run: duplicates, or re-applied harmlessly once forgotten.
    List<Command> setup = SeededFlow.setup(USERS);
    List<CompletableFuture<CommandResult>> futures = new ArrayList<>();
    for (Command command : setup) {
      futures.add(runtime.submit(command));
    }
    acknowledge(out, futures);

    List<Thread> submitters = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      SeededFlow flow =
          new SeededFlow(
              run * 1_000L + t, USERS, 1_000_000_000L * run + 10_000_000L * t, "r" + run + "t" + t);
      Thread submitter = new Thread(() -> submitForever(runtime, flow, out), "submitter-" + t);
      submitter.start();
      submitters.add(submitter);
    }
    for (Thread submitter : submitters) {
      submitter.join();
    }
  }

  private static void submitForever(ExchangeRuntime runtime, SeededFlow flow, PrintStream out) {
    List<CompletableFuture<CommandResult>> futures = new ArrayList<>(WINDOW);
    while (true) {
      for (int i = 0; i < WINDOW; i++) {
        futures.add(runtime.submit(flow.next()));
      }
      acknowledge(out, futures);
      futures.clear();
    }
  }

  /** Waits for the futures, then prints the acknowledged ones as one group. */
  private static void acknowledge(PrintStream out, List<CompletableFuture<CommandResult>> futures) {
    StringBuilder lines = new StringBuilder();
    for (CompletableFuture<CommandResult> future : futures) {
      CommandResult result;
      try {
        result = future.join();
      } catch (CompletionException failed) {
        continue;
      }
      // BUSY and COMMAND_TOO_LARGE (sequence 0) never reached the journal: not acknowledged.
      if (result.sequence() > 0) {
        lines.append("A ").append(result.commandId()).append(' ').append(result.sequence());
        lines.append('\n');
      }
    }
    synchronized (out) {
      out.print(lines);
      out.flush();
    }
  }

  private static void stopWhenOrphaned() {
    Thread orphaned =
        new Thread(
            () -> {
              try {
                while (System.in.read() >= 0) {
                  // The parent writes nothing; end of input means it is gone.
                }
              } catch (IOException gone) {
                // The same: nobody is listening any more.
              }
              Runtime.getRuntime().halt(3);
            },
            "orphan-watch");
    Thread deadline =
        new Thread(
            () -> {
              try {
                Thread.sleep(120_000);
              } catch (InterruptedException ignored) {
                // Halting is all that is left to do.
              }
              Runtime.getRuntime().halt(4);
            },
            "deadline");
    for (Thread watch : List.of(orphaned, deadline)) {
      watch.setDaemon(true);
      watch.start();
    }
  }
}
