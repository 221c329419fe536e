package org.bourse.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.bourse.core.Command;
import org.bourse.core.CommandResult;
import org.bourse.core.Exchange;
import org.bourse.core.ExchangeRuntime;
import org.bourse.core.FileJournalOptions;
import org.bourse.core.Journal;
import org.bourse.core.SnapshotStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash recovery with a real process: a {@link CrashChild} JVM runs the runtime under load from
 * several threads and is killed with SIGKILL ({@code destroyForcibly}) at random moments; the next
 * child recovers and carries on. After every kill this test checks, on the files as the kill left
 * them:
 *
 * <ul>
 *   <li>no acknowledged command is missing: every {@code A <id> <sequence>} line the child printed
 *       (only after the command's future completed) names a journal record with that id;
 *   <li>no command is half-applied: the state recovered from the newest snapshot and the journal
 *       passes {@code verify()} and equals a replay of the whole journal from scratch, and the next
 *       child recovers to that same sequence and state hash;
 *   <li>idempotency survives the crash: the recently acknowledged command ids, resubmitted to the
 *       recovered state, come back as duplicates with their acknowledged sequence.
 * </ul>
 *
 * <p>A SIGKILL loses nothing the process already handed to the kernel, so this proves the ordering
 * (acknowledge only after the journal write) and recovery from torn tails and interrupted
 * snapshots; that acknowledgement waits for {@code force} is shown by {@link StorageFaultTest}.
 *
 * <p>{@code -Dcrash.kills} sets the number of kills (default 20), {@code -Dcrash.seed} the seed of
 * the kill moments (printed).
 */
class CrashRecoveryTest {
  private static final int KILLS = Integer.getInteger("crash.kills", 20);
  private static final int THREADS = 3;

  @TempDir Path directory;

  @Test
  void shouldLoseNoAcknowledgedCommandAndHalfApplyNoneWhenKilledAtRandomMoments() throws Exception {
    long seed = Long.getLong("crash.seed", System.currentTimeMillis());
    System.out.println("crash test: " + KILLS + " kills, -Dcrash.seed=" + seed);
    Random random = new Random(seed);
    Path data = directory.resolve("data");
    List<long[]> acknowledged = new ArrayList<>();
    Recovered expected = null;

    for (int kill = 1; kill <= KILLS; kill++) {
      // given: a child recovering from what the previous kill left, then under load
      Child child = Child.start(data, kill);
      String moment = child.killAtRandomMoment(random);
      child.process.waitFor();
      child.output.await();

      // then: the child recovered the state this test recovered after the previous kill
      if (expected != null && child.recovered != null) {
        assertEquals(expected.toString(), child.recovered, "kill " + kill + ": child recovery");
      }
      acknowledged.addAll(child.acknowledged);

      // when: recovering from the files the kill left
      Recovered recovered = recover(data);

      // then
      int missing = missingFromJournal(recovered.commandIds, acknowledged);
      Resubmitted resubmitted = resubmitRecentlyAcknowledged(recovered, acknowledged);
      System.out.printf(
          "kill %2d %-20s +%6d acks (%7d in all), journal at %7d, %4d resubmitted,"
              + " open report %s, child report %s%n",
          kill,
          moment,
          child.acknowledged.size(),
          acknowledged.size(),
          recovered.sequence,
          resubmitted.checked,
          recovered.report,
          child.report);
      assertEquals(0, missing, "kill " + kill + ": acknowledged commands missing from the journal");
      assertEquals(List.of(), resubmitted.forgotten, "kill " + kill + ": resubmitted");
      expected = recovered;
    }

    // when: a last in-process start repairs the files and recovers
    try (ExchangeRuntime runtime = ExchangeRuntime.openFiles(data, CrashChild.runtimeConfig())) {
      System.out.println("final recovery report: " + runtime.recoveryReport());

      // then
      assertEquals(
          expected.toString(),
          "RECOVERED " + runtime.lastSequence() + " " + runtime.query(Exchange::stateHash).join());
    }
    assertTrue(acknowledged.size() > KILLS, "the children acknowledged almost nothing");
  }

  /** The state recovered from a data directory, without repairing anything. */
  private record Recovered(
      long sequence, long stateHash, long[] commandIds, List<String> report, Exchange exchange) {
    @Override
    public String toString() {
      return "RECOVERED " + sequence + " " + stateHash;
    }
  }

  private Recovered recover(Path data) throws IOException {
    List<String> report = new ArrayList<>();
    if (!Files.isDirectory(data.resolve("journal"))) {
      // Killed before its runtime created the journal: nothing can have been acknowledged.
      Exchange empty = Exchange.create(CrashChild.CONFIG);
      return new Recovered(0, empty.stateHash(), new long[0], List.of("no journal yet"), empty);
    }
    try (Journal journal =
        Journal.openFiles(data.resolve("journal"), FileJournalOptions.defaults().asReadOnly())) {
      report.addAll(journal.openReport());
      long last = journal.lastSequence();
      long[] ids = new long[(int) last];
      journal.replay(0, record -> ids[(int) record.sequence() - 1] = record.command().commandId());

      Exchange fromSnapshot =
          ExchangeRuntime.recover(
              CrashChild.CONFIG,
              journal,
              SnapshotStore.inDirectory(data.resolve("snapshots")),
              last,
              report);
      fromSnapshot.verify();
      Exchange fromScratch =
          ExchangeRuntime.recover(
              CrashChild.CONFIG,
              journal,
              SnapshotStore.inDirectory(directory.resolve("no-snapshots")),
              last,
              new ArrayList<>());
      fromScratch.verify();
      assertEquals(last, fromSnapshot.lastSequence());
      assertEquals(fromScratch.stateHash(), fromSnapshot.stateHash(), "snapshot + replay");
      return new Recovered(last, fromSnapshot.stateHash(), ids, report, fromSnapshot);
    }
  }

  /**
   * Resubmits, to the recovered exchange (a copy nobody else uses), every acknowledged flow command
   * recent enough to be in the idempotency window; each must come back as a duplicate with the
   * sequence it was acknowledged with.
   *
   * @return how many were resubmitted, and those that were not answered so
   */
  private static Resubmitted resubmitRecentlyAcknowledged(
      Recovered recovered, List<long[]> acknowledged) {
    // The window counts remembered commands, and duplicates take a sequence without being
    // remembered, so every command within the last window-many sequences is still remembered.
    long oldest = recovered.sequence - CrashChild.CONFIG.idempotencyWindow() + 1;
    Map<Long, Long> sequenceById = new HashMap<>();
    for (long[] ack : acknowledged) {
      // Setup ids (below 1000) are resubmitted by every run and re-applied once forgotten, so
      // their remembered sequence may be one no child printed; flow ids are used once.
      if (ack[0] >= 1_000 && ack[1] >= oldest) {
        sequenceById.put(ack[0], ack[1]);
      }
    }
    List<String> forgotten = new ArrayList<>();
    Exchange exchange = recovered.exchange;
    for (Map.Entry<Long, Long> ack : sequenceById.entrySet()) {
      CommandResult again =
          exchange.apply(exchange.lastTimestampMs(), new Command.AddUser(ack.getKey(), 999));
      if (!again.duplicate() || again.sequence() != ack.getValue()) {
        forgotten.add(
            "command " + ack.getKey() + " acknowledged at " + ack.getValue() + ": " + again);
      }
    }
    return new Resubmitted(sequenceById.size(), forgotten);
  }

  private record Resubmitted(int checked, List<String> forgotten) {}

  /** Acknowledgements whose sequence is beyond the journal or holds another command id. */
  private static int missingFromJournal(long[] commandIds, List<long[]> acknowledged) {
    int missing = 0;
    for (long[] ack : acknowledged) {
      long id = ack[0];
      long sequence = ack[1];
      if (sequence > commandIds.length || commandIds[(int) sequence - 1] != id) {
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
    volatile String recovered;
    private final StringBuilder errors = new StringBuilder();

    private Child(Process process) {
      this.process = process;
    }

    static Child start(Path data, int run) throws IOException {
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
                  CrashChild.class.getName(),
                  data.toString(),
                  Integer.toString(run),
                  Integer.toString(THREADS))
              .start();
      Child child = new Child(process);
      child.readOutput();
      return child;
    }

    private void readOutput() {
      Thread stdout =
          new Thread(
              () -> {
                try (BufferedReader in = reader(process.getInputStream())) {
                  for (String line = in.readLine(); line != null; line = in.readLine()) {
                    accept(line);
                  }
                } catch (IOException closed) {
                  // The process is gone; what was read is what it acknowledged.
                } finally {
                  output.countDown();
                }
              },
              "child-stdout");
      Thread stderr =
          new Thread(
              () -> {
                try (BufferedReader in = reader(process.getErrorStream())) {
                  for (String line = in.readLine(); line != null; line = in.readLine()) {
                    synchronized (errors) {
                      errors.append(line).append('\n');
                    }
                  }
                } catch (IOException closed) {
                  // Nothing more to collect.
                }
              },
              "child-stderr");
      stdout.setDaemon(true);
      stderr.setDaemon(true);
      stdout.start();
      stderr.start();
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

    private static BufferedReader reader(InputStream stream) {
      return new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
    }

    /**
     * Kills the child at a random moment: mostly after a random number of acknowledgements, under
     * full load; sometimes after a random delay from its start, which may fall into start-up and
     * recovery.
     *
     * @return the moment, for the log
     */
    String killAtRandomMoment(Random random) throws InterruptedException {
      String moment;
      if (random.nextInt(5) == 0) {
        long delayMs = random.nextInt(800);
        // A sleep here picks the moment of a fault; it synchronises nothing.
        Thread.sleep(delayMs);
        moment = "after " + delayMs + " ms";
      } else {
        int target = 1 + random.nextInt(30_000);
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
