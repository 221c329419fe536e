package org.bourse.jdbc.projection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.bourse.core.Balance;
import org.bourse.core.CommandResult;
import org.bourse.core.Exchange;
import org.bourse.core.ExchangeRuntime;
import org.bourse.core.Journal;
import org.bourse.core.SnapshotStore;
import org.bourse.jdbc.Database;
import org.bourse.jdbc.DatabaseConfig;
import org.bourse.jdbc.JdbcJournal;
import org.bourse.jdbc.TestDatabase;
import org.bourse.jdbc.TestDatabase.Backend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once under SIGKILL: a {@link ProjectionCrashChild} JVM runs the runtime on the PostgreSQL
 * journal with a projector writing into the same PostgreSQL database, under load, and is killed
 * ({@code destroyForcibly}) at random moments; the next child recovers and carries on. After every
 * kill the projection, as the kill left it, must equal a replay of the journal up to its checkpoint
 * (no half-written batch, no duplicate, no missing row). At the end a runtime and projector in this
 * process catch up, and the tables must match the engine exactly: row counts from a replay of the
 * whole journal, every balance, postings summing to zero per asset.
 *
 * <p>{@code -Dprojection.crash.kills} sets the number of kills (default 5), {@code
 * -Dprojection.crash.seed} the seed of the kill moments (printed).
 */
class ProjectionCrashTest {
  private static final int KILLS = Integer.getInteger("projection.crash.kills", 5);
  private static final int THREADS = 3;

  @TempDir Path snapshots;

  @Test
  void shouldKeepTheProjectionExactlyOnceWhenKilledAtRandomMoments() throws Exception {
    long seed = Long.getLong("projection.crash.seed", System.currentTimeMillis());
    System.out.println(
        "projection crash test: " + KILLS + " kills, -Dprojection.crash.seed=" + seed);
    Random random = new Random(seed);
    try (TestDatabase test = TestDatabase.create(Backend.POSTGRESQL)) {
      DatabaseConfig config = test.config();
      long checkpoint = 0;
      for (int kill = 1; kill <= KILLS; kill++) {
        // given: a child under load whose projector has written since it started
        Child child = Child.start(config, snapshots, kill);
        child.await(1 + random.nextInt(20_000), checkpoint + 1 + random.nextInt(5_000));

        // when
        child.process.destroyForcibly();
        child.process.waitFor();

        // then: the projection as the kill left it equals the journal up to its checkpoint
        try (Database database = test.open()) {
          Projection projection = Projection.open(database);
          Reconciliation reconciliation =
              Reconciliation.run(projection, ProjectionCrashChild.source(database, snapshots));
          System.out.printf(
              "kill %d after %,d acknowledgements, projection at %,d: %s%n",
              kill, child.acknowledged.get(), child.projected.get(), reconciliation.summary());
          assertEquals(List.of(), reconciliation.differences(), "kill " + kill);
          checkpoint = reconciliation.sequence();
        }
      }

      // when: a last runtime and projector in this process recover and catch up
      try (Database database = test.open()) {
        Projection projection = Projection.open(database);
        Map<List<Long>, Balance> engineBalances = new HashMap<>();
        long lastSequence;
        try (ExchangeRuntime runtime =
            ExchangeRuntime.start(
                ProjectionCrashChild.runtimeConfig(),
                JdbcJournal.open(database),
                SnapshotStore.inDirectory(snapshots))) {
          Projector projector =
              projection.projector(runtime, ProjectionCrashChild.source(database, snapshots));
          lastSequence = runtime.lastSequence();
          assertTrue(projector.awaitCheckpoint(lastSequence, Duration.ofMinutes(2)));
          runtime
              .query(
                  exchange -> {
                    for (long user = 1; user <= ProjectionCrashChild.USERS; user++) {
                      for (long asset = 1; asset <= Venue.ASSETS; asset++) {
                        engineBalances.put(
                            List.of(user, asset), exchange.balance(user, (int) asset));
                      }
                    }
                    return null;
                  })
              .join();
          projector.close();
        }

        // then
        assertEquals(lastSequence, projection.checkpoint());
        new Tables(database)
            .assertMatch(Venue.Expected.of(replayWholeJournal(database)), engineBalances);
        assertEquals(
            List.of(),
            Reconciliation.run(projection, ProjectionCrashChild.source(database, snapshots))
                .differences());
        assertTrue(projection.checkpoint() > KILLS, "the children did almost nothing");
      }
    }
  }

  /** Every result of the journal, from a fresh engine with every event. */
  private static List<CommandResult> replayWholeJournal(Database database) {
    List<CommandResult> results = new ArrayList<>();
    Exchange exchange = Exchange.create(Venue.CONFIG);
    try (Journal journal = JdbcJournal.openReadOnly(database)) {
      journal.replay(
          0, record -> results.add(exchange.apply(record.timestampMs(), record.command())));
    }
    return results;
  }

  /** A running child and how many commands it acknowledged. */
  private static final class Child {
    final Process process;
    final AtomicLong acknowledged = new AtomicLong();
    final AtomicLong projected = new AtomicLong();
    final CountDownLatch ready = new CountDownLatch(1);
    final StringBuilder errors = new StringBuilder();

    private Child(Process process) {
      this.process = process;
    }

    static Child start(DatabaseConfig config, Path snapshots, int run) throws IOException {
      String java =
          ProcessHandle.current()
              .info()
              .command()
              .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      Process process =
          new ProcessBuilder(
                  java,
                  "-XX:+UseSerialGC",
                  "-Xmx256m",
                  "-cp",
                  System.getProperty("java.class.path"),
                  ProjectionCrashChild.class.getName(),
                  config.url(),
                  config.user(),
                  config.password(),
                  snapshots.toString(),
                  Integer.toString(run),
                  Integer.toString(THREADS))
              .start();
      Child child = new Child(process);
      child.read();
      return child;
    }

    private void read() {
      Thread stdout =
          new Thread(
              () -> {
                try (BufferedReader in =
                    new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                  for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (line.startsWith("READY")) {
                      ready.countDown();
                    } else if (line.startsWith("ACK ")) {
                      acknowledged.addAndGet(Long.parseLong(line.substring(4)));
                    } else if (line.startsWith("PROJECTED ")) {
                      projected.set(Long.parseLong(line.substring(10)));
                    }
                    synchronized (acknowledged) {
                      acknowledged.notifyAll();
                    }
                  }
                } catch (IOException closed) {
                  // The child is gone.
                }
              },
              "child-stdout");
      Thread stderr =
          new Thread(
              () -> {
                try (BufferedReader in =
                    new BufferedReader(
                        new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                  for (String line = in.readLine(); line != null; line = in.readLine()) {
                    synchronized (errors) {
                      errors.append(line).append('\n');
                    }
                  }
                } catch (IOException closed) {
                  // The child is gone.
                }
              },
              "child-stderr");
      for (Thread reader : List.of(stdout, stderr)) {
        reader.setDaemon(true);
        reader.start();
      }
    }

    /**
     * Waits until the child is ready, has acknowledged at least {@code count} commands and its
     * projection reached {@code checkpoint} (or a minute passed).
     */
    void await(long count, long checkpoint) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      ready.await(60, TimeUnit.SECONDS);
      synchronized (acknowledged) {
        while ((acknowledged.get() < count || projected.get() < checkpoint)
            && process.isAlive()
            && System.nanoTime() < deadline) {
          acknowledged.wait(100);
        }
      }
      assertTrue(process.isAlive(), () -> "the child died by itself:\n" + errors);
      assertTrue(ready.getCount() == 0, () -> "the child never got ready:\n" + errors);
    }
  }
}
