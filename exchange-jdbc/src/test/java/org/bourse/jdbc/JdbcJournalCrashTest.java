package org.bourse.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bourse.core.Exchange;
import org.bourse.core.ExchangeRuntime;
import org.bourse.core.SnapshotStore;
import org.bourse.core.runtime.SeededFlow;
import org.bourse.jdbc.TestDatabase.Backend;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Crash recovery on the database journal (PostgreSQL and H2) with a real process: a {@link
 * JdbcJournalCrashChild} JVM runs the runtime under load from several threads and is killed with
 * SIGKILL ({@code destroyForcibly}) at random moments; the next child recovers and carries on.
 * After every kill this test checks, on the database and snapshot files as the kill left them:
 *
 * <ul>
 *   <li>no acknowledged command is lost: every {@code A <id> <sequence>} line the child printed
 *       (only after the command's future completed) names a journal row with that command id;
 *   <li>nothing is half-applied: the state recovered from the newest snapshot plus the rows after
 *       it passes {@code verify()} and equals a replay of the whole journal from scratch, and the
 *       next child recovers to that same sequence and state hash.
 * </ul>
 *
 * <p>{@code -Dcrash.kills} sets the number of kills (default 4), {@code -Dcrash.seed} the seed of
 * the kill moments (printed).
 */
class JdbcJournalCrashTest {
  private static final int KILLS = Integer.getInteger("crash.kills", 4);
  private static final int THREADS = 3;

  @TempDir Path directory;

  @ParameterizedTest
  @EnumSource(Backend.class)
  void shouldLoseNoAcknowledgedCommandWhenKilledUnderLoad(Backend backend) throws Exception {
    long seed = Long.getLong("crash.seed", System.currentTimeMillis());
    System.out.println("jdbc crash test: " + KILLS + " kills, -Dcrash.seed=" + seed);
    Random random = new Random(seed);
    Path snapshots = directory.resolve("snapshots");
    List<long[]> acknowledged = new ArrayList<>();
    // The database is opened only while no child runs: an H2 file belongs to one process.
    try (TestDatabase test = TestDatabase.create(backend)) {
      String expected = null;
      for (int kill = 1; kill <= KILLS; kill++) {
        // given: a child recovering from what the previous kill left, then under load
        Child child = Child.start(test.config(), snapshots, kill);
        String moment = child.killAtRandomMoment(random);
        child.process.waitFor();
        child.output.await();

        // then: the child recovered the state this test recovered after the previous kill
        if (expected != null && child.recovered != null) {
          assertEquals(expected, child.recovered, "kill " + kill + ": child recovery");
        }
        acknowledged.addAll(child.acknowledged);

        // when: recovering from what the kill left, without writing anything
        Recovered recovered;
        try (Database database = test.open()) {
          recovered = recover(database, snapshots);
        }

        // then
        int missing = missingFromJournal(recovered.commandIds, acknowledged);
        System.out.printf(
            "kill %d %-16s +%6d acks (%7d in all), journal at %7d, child report %s%n",
            kill,
            moment,
            child.acknowledged.size(),
            acknowledged.size(),
            recovered.sequence,
            child.report);
        assertEquals(0, missing, "kill " + kill + ": acknowledged commands missing");
        expected = recovered.toString();
      }

      // when: a last in-process start recovers
      try (Database database = test.open();
          ExchangeRuntime runtime =
              ExchangeRuntime.start(
                  JdbcJournalCrashChild.runtimeConfig(),
                  JdbcJournal.open(database),
                  SnapshotStore.inDirectory(snapshots))) {
        // then
        assertEquals(
            expected,
            "RECOVERED "
                + runtime.lastSequence()
                + " "
                + runtime.query(Exchange::stateHash).join());
      }
    }
    assertTrue(acknowledged.size() > KILLS, "the children acknowledged almost nothing");
  }

  /** The state recovered from the journal and snapshots, and the command id at each sequence. */
  private record Recovered(long sequence, long stateHash, long[] commandIds) {
    @Override
    public String toString() {
      return "RECOVERED " + sequence + " " + stateHash;
    }
  }

  private Recovered recover(Database database, Path snapshots) throws IOException {
    try (JdbcJournal journal = JdbcJournal.openReadOnly(database)) {
      long last = journal.lastSequence();
      long[] ids = new long[(int) last];
      journal.replay(0, record -> ids[(int) record.sequence() - 1] = record.command().commandId());
      Exchange fromSnapshot =
          ExchangeRuntime.recover(
              SeededFlow.SMALL_BOUNDS,
              journal,
              SnapshotStore.inDirectory(snapshots),
              last,
              new ArrayList<>());
      fromSnapshot.verify();
      Exchange fromScratch =
          ExchangeRuntime.recover(
              SeededFlow.SMALL_BOUNDS,
              journal,
              SnapshotStore.inDirectory(directory.resolve("no-snapshots")),
              last,
              new ArrayList<>());
      assertEquals(last, fromSnapshot.lastSequence());
      assertEquals(fromScratch.stateHash(), fromSnapshot.stateHash(), "snapshot + replay");
      return new Recovered(last, fromSnapshot.stateHash(), ids);
    }
  }

  /** Acknowledgements whose sequence is beyond the journal or holds another command id. */
  private static int missingFromJournal(long[] commandIds, List<long[]> acknowledged) {
    int missing = 0;
    for (long[] ack : acknowledged) {
      long sequence = ack[1];
      if (sequence > commandIds.length || commandIds[(int) sequence - 1] != ack[0]) {
        missing++;
      }
    }
    return missing;
  }

  /** A running child and what it printed. */
  private static final class Child {
    final Process process;
    final List<long[]> acknowledged = Collections.synchronizedList(new ArrayList<>());
    final List<String> report = Collections.synchronizedList(new ArrayList<>());
    final CountDownLatch output = new CountDownLatch(1);
    final AtomicInteger acks = new AtomicInteger();
    final StringBuilder errors = new StringBuilder();
    volatile String recovered;

    private Child(Process process) {
      this.process = process;
    }

    static Child start(DatabaseConfig config, Path snapshots, int run) throws IOException {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      ProcessBuilder builder =
          new ProcessBuilder(
              java,
              "-XX:+UseSerialGC",
              "-Xmx256m",
              "-cp",
              System.getProperty("java.class.path"),
              JdbcJournalCrashChild.class.getName(),
              config.url(),
              config.user(),
              snapshots.toString(),
              Integer.toString(run),
              Integer.toString(THREADS));
      // Not on the command line, where other users' ps would see it.
      builder.environment().put(JdbcJournalCrashChild.PASSWORD_VARIABLE, config.password());
      Process process = builder.start();
      Child child = new Child(process);
      child.read(process.getInputStream(), child::accept, true);
      child.read(process.getErrorStream(), child::error, false);
      return child;
    }

    private void read(InputStream stream, java.util.function.Consumer<String> lines, boolean out) {
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                  for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.accept(line);
                  }
                } catch (IOException closed) {
                  // The process is gone; what was read is what it printed.
                } finally {
                  if (out) {
                    output.countDown();
                  }
                }
              },
              out ? "child-stdout" : "child-stderr");
      reader.setDaemon(true);
      reader.start();
    }

    private void accept(String line) {
      if (line.startsWith("A ")) {
        int space = line.indexOf(' ', 2);
        acknowledged.add(
            new long[] {
              Long.parseLong(line.substring(2, space)), Long.parseLong(line.substring(space + 1))
            });
        synchronized (acks) {
          acks.incrementAndGet();
          acks.notifyAll();
        }
      } else if (line.startsWith("RECOVERED ")) {
        recovered = line;
      } else if (line.startsWith("REPORT ")) {
        report.add(line.substring(7));
      }
    }

    private void error(String line) {
      synchronized (errors) {
        errors.append(line).append('\n');
      }
    }

    /**
     * Kills the child at a random moment: mostly after a random number of acknowledgements, under
     * full load; sometimes after a random delay from its start, which may fall into start-up and
     * recovery.
     */
    String killAtRandomMoment(Random random) throws InterruptedException {
      String moment;
      if (random.nextInt(4) == 0) {
        long delayMs = 500 + random.nextInt(1_500);
        // A sleep here picks the moment of a fault; it synchronises nothing.
        Thread.sleep(delayMs);
        moment = "after " + delayMs + " ms";
      } else {
        int target = 1 + random.nextInt(20_000);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        synchronized (acks) {
          while (acks.get() < target && process.isAlive() && System.nanoTime() < deadline) {
            // Woken by each acknowledgement; the timeout only rechecks that the child lives.
            acks.wait(100);
          }
        }
        if (!process.isAlive() || acks.get() < target) {
          throw new AssertionError(
              "the child stopped acknowledging at " + acks.get() + " of " + target + ": " + errors);
        }
        moment = "after " + target + " acks";
      }
      if (!process.isAlive()) {
        throw new AssertionError("the child died before the kill: " + errors);
      }
      process.destroyForcibly();
      return moment;
    }
  }
}
