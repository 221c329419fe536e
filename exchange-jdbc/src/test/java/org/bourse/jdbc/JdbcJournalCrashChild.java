package org.bourse.jdbc;

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
import org.bourse.core.Exchange;
import org.bourse.core.ExchangeException;
import org.bourse.core.ExchangeRuntime;
import org.bourse.core.RuntimeConfig;
import org.bourse.core.SnapshotStore;
import org.bourse.core.runtime.SeededFlow;

/**
 * The process {@link JdbcJournalCrashTest} kills: a runtime on the PostgreSQL journal (and snapshot
 * files), the market setup, then seeded flows from several threads for as long as it lives. It
 * prints {@code A <commandId> <sequence>} for a command only after its future completed, so every
 * printed command was acknowledged; before that {@code REPORT <line>} for each line of the recovery
 * report and {@code RECOVERED <lastSequence> <stateHash>}.
 *
 * <p>Arguments: JDBC URL, user, password, snapshot directory, run number (keeps command and client
 * order ids unique across runs), submitting threads. It stops by itself when its standard input
 * closes (the parent died) or after a minute.
 */
public final class JdbcJournalCrashChild {
  /** The environment variable that carries the database password to the child. */
  static final String PASSWORD_VARIABLE = "BOURSE_TEST_DB_PASSWORD";

  static final int USERS = 20;

  /** Outstanding commands per submitting thread. */
  private static final int WINDOW = 64;

  private JdbcJournalCrashChild() {}

  /**
   * Snapshots every 3,000 commands, so kills also land during snapshot writes; no pruning, so the
   * parent can check every acknowledged command against the whole journal.
   */
  static RuntimeConfig runtimeConfig() {
    return new RuntimeConfig(
        SeededFlow.SMALL_BOUNDS, 65_536, 4_096, 3_000, 2, false, 1_024, Clock.system());
  }

  public static void main(String[] args) throws Exception {
    DatabaseConfig config =
        DatabaseConfig.of(args[0], args[1], System.getenv().getOrDefault(PASSWORD_VARIABLE, ""))
            .withPoolSize(2);
    Path snapshots = Path.of(args[2]);
    int run = Integer.parseInt(args[3]);
    int threads = Integer.parseInt(args[4]);
    stopWhenOrphaned();
    PrintStream out =
        new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
    Database database = Database.open(config);
    ExchangeRuntime runtime =
        ExchangeRuntime.start(
            runtimeConfig(), openWhenReleased(database), SnapshotStore.inDirectory(snapshots));
    for (String line : runtime.recoveryReport()) {
      out.println("REPORT " + line);
    }
    out.println(
        "RECOVERED " + runtime.lastSequence() + " " + runtime.query(Exchange::stateHash).join());
    out.flush();

    // The setup again on every run: duplicates, or re-applied harmlessly once forgotten.
    List<CompletableFuture<CommandResult>> futures = new ArrayList<>();
    for (Command command : SeededFlow.setup(USERS)) {
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

  /**
   * Opens the journal for writing. The killed predecessor's session holds the writer lock until its
   * server process notices the closed socket, which is usually at once but not guaranteed to be
   * before this child gets there; so a refusal is retried for a few seconds.
   */
  private static JdbcJournal openWhenReleased(Database database) throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        return JdbcJournal.open(database);
      } catch (ExchangeException held) {
        if (attempt == 100 || !held.getMessage().contains("already open for writing")) {
          throw held;
        }
        // Waiting for another process to end its session; nothing to be notified by.
        Thread.sleep(50);
      }
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
                Thread.sleep(60_000);
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
