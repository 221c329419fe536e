package org.bourse.jdbc.projection;

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
import org.bourse.core.ExchangeRuntime;
import org.bourse.core.RuntimeConfig;
import org.bourse.core.SnapshotStore;
import org.bourse.core.runtime.SeededFlow;
import org.bourse.jdbc.Database;
import org.bourse.jdbc.DatabaseConfig;
import org.bourse.jdbc.JdbcJournal;

/**
 * The process {@link ProjectionCrashTest} kills: a runtime on the PostgreSQL journal with a
 * projector writing the history projection into the same database, under load from several
 * submitting threads until it is killed. Prints {@code READY <lastSequence>} once the runtime and
 * projector run, then {@code ACK <count>} for each group of acknowledged commands and {@code
 * PROJECTED <checkpoint>} every 20 ms, so the parent can kill it while the projector writes.
 *
 * <p>Arguments: database URL, user, password, snapshot directory, run number (makes command and
 * client order ids unique across runs), submitting threads. It halts by itself when its standard
 * input closes (the parent died) or after two minutes.
 */
public final class ProjectionCrashChild {
  static final int USERS = 20;
  private static final int WINDOW = 64;

  private ProjectionCrashChild() {}

  /** Snapshots every 2,000 commands; the journal is never pruned, so it can be replayed whole. */
  static RuntimeConfig runtimeConfig() {
    return new RuntimeConfig(Venue.CONFIG, 65_536, 4_096, 2_000, 2, false, 65_536, Clock.system());
  }

  static JournalSource source(Database database, Path snapshots) throws IOException {
    return new JournalSource(
        Venue.CONFIG,
        () -> JdbcJournal.openReadOnly(database),
        SnapshotStore.inDirectory(snapshots));
  }

  public static void main(String[] args) throws Exception {
    Database database = Database.open(DatabaseConfig.of(args[0], args[1], args[2]));
    Path snapshots = Path.of(args[3]);
    int run = Integer.parseInt(args[4]);
    int threads = Integer.parseInt(args[5]);
    stopWhenOrphaned();
    PrintStream out =
        new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
    ExchangeRuntime runtime =
        ExchangeRuntime.start(
            runtimeConfig(), JdbcJournal.open(database), SnapshotStore.inDirectory(snapshots));
    Projector projector = Projection.open(database).projector(runtime, source(database, snapshots));
    out.println("READY " + runtime.lastSequence());
    out.flush();
    Thread progress =
        new Thread(
            () -> {
              while (true) {
                synchronized (out) {
                  out.println("PROJECTED " + projector.checkpoint());
                  out.flush();
                }
                try {
                  Thread.sleep(20);
                } catch (InterruptedException stop) {
                  return;
                }
              }
            },
            "progress");
    progress.setDaemon(true);
    progress.start();

    // The setup again on every run: duplicates, or re-applied harmlessly once forgotten.
    submitAll(runtime, SeededFlow.setup(USERS));
    List<Thread> submitters = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      SeededFlow flow =
          new SeededFlow(
              run * 1_000L + t, USERS, 1_000_000_000L * run + 10_000_000L * t, "r" + run + "t" + t);
      Thread submitter =
          new Thread(
              () -> {
                while (true) {
                  List<Command> window = new ArrayList<>(WINDOW);
                  for (int i = 0; i < WINDOW; i++) {
                    window.add(flow.next());
                  }
                  int acknowledged = submitAll(runtime, window);
                  synchronized (out) {
                    out.println("ACK " + acknowledged);
                    out.flush();
                  }
                }
              },
              "submitter-" + t);
      submitter.start();
      submitters.add(submitter);
    }
    for (Thread submitter : submitters) {
      submitter.join();
    }
    projector.close();
  }

  private static int submitAll(ExchangeRuntime runtime, List<Command> commands) {
    List<CompletableFuture<CommandResult>> futures = new ArrayList<>();
    for (Command command : commands) {
      futures.add(runtime.submit(command));
    }
    int acknowledged = 0;
    for (CompletableFuture<CommandResult> future : futures) {
      try {
        if (future.join().sequence() > 0) {
          acknowledged++;
        }
      } catch (CompletionException stopped) {
        // The runtime stopped; the kill is near.
      }
    }
    return acknowledged;
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
