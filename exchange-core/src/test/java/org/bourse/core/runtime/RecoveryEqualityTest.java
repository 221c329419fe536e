package org.bourse.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.bourse.core.Command;
import org.bourse.core.CommandResult;
import org.bourse.core.Exchange;
import org.bourse.core.ExchangeConfig;
import org.bourse.core.ExchangeRuntime;
import org.bourse.core.Journal;
import org.bourse.core.JournalRecord;
import org.bourse.core.RuntimeConfig;
import org.bourse.core.SnapshotStore;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Recovery equality: a snapshot taken at any point plus the journal after it rebuilds exactly the
 * state of the uninterrupted run ({@code stateHash()} equal at the same sequence), both through
 * {@link ExchangeRuntime#recover} directly and through a runtime that is closed and reopened.
 *
 * <p>Seeds: {@code -Drecovery.seeds} (default 20) flows of {@code -Drecovery.commands} (default
 * 4,000) commands each; raise both by hand for a longer search.
 */
class RecoveryEqualityTest {
  private static final int SEEDS = Integer.getInteger("recovery.seeds", 20);
  private static final int COMMANDS = Integer.getInteger("recovery.commands", 4_000);
  private static final ExchangeConfig CONFIG = SeededFlow.SMALL_BOUNDS;
  private static final int USERS = 20;

  @TempDir Path directory;

  static LongStream seeds() {
    return LongStream.rangeClosed(1, SEEDS);
  }

  static LongStream runtimeSeeds() {
    return LongStream.rangeClosed(1, Math.max(1, SEEDS / 3));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void shouldRebuildTheUninterruptedStateFromEverySnapshotAndTheJournalAfterIt(long seed)
      throws IOException {
    // given: an uninterrupted run, journaled in random batches, with snapshots at random points
    // and the state hash remembered there and at other random points
    Random random = new Random(seed);
    Exchange uninterrupted = Exchange.create(CONFIG);
    SnapshotStore snapshots = SnapshotStore.inDirectory(directory.resolve("snapshots"));
    SnapshotStore noSnapshots = SnapshotStore.inDirectory(directory.resolve("none"));
    Map<Long, Long> hashAtSequence = new TreeMap<>();
    int snapshotsWritten = 0;
    try (Journal journal =
        Journal.openFiles(directory.resolve("journal"), Journals.SMALL_SEGMENTS)) {
      List<SeededFlow.Timed> flow = flow(seed);
      int next = 0;
      while (next < flow.size()) {
        int size = Math.min(flow.size() - next, 1 + random.nextInt(40));
        List<JournalRecord> batch = new ArrayList<>(size);
        for (SeededFlow.Timed timed : flow.subList(next, next + size)) {
          uninterrupted.apply(timed.timestampMs(), timed.command());
          batch.add(
              new JournalRecord(
                  uninterrupted.lastSequence(), timed.timestampMs(), timed.command()));
        }
        journal.append(batch);
        next += size;
        int dice = random.nextInt(20);
        if (dice == 0) {
          snapshots.write(uninterrupted);
          snapshotsWritten++;
        }
        if (dice < 3) {
          hashAtSequence.put(uninterrupted.lastSequence(), uninterrupted.stateHash());
        }
      }
      hashAtSequence.put(uninterrupted.lastSequence(), uninterrupted.stateHash());

      for (Map.Entry<Long, Long> expected : hashAtSequence.entrySet()) {
        // when
        List<String> report = new ArrayList<>();
        Exchange recovered =
            ExchangeRuntime.recover(CONFIG, journal, snapshots, expected.getKey(), report);

        // then
        assertEquals(expected.getKey(), recovered.lastSequence(), "seed " + seed);
        assertEquals(
            expected.getValue(),
            recovered.stateHash(),
            "seed " + seed + ": state at sequence " + expected.getKey());
        recovered.verify();
        assertTrue(report.isEmpty(), () -> "seed " + seed + ": " + report);
      }
      Exchange replayedFromScratch =
          ExchangeRuntime.recover(
              CONFIG, journal, noSnapshots, journal.lastSequence(), new ArrayList<>());
      assertEquals(uninterrupted.stateHash(), replayedFromScratch.stateHash(), "seed " + seed);
    }
    assertTrue(snapshotsWritten > 0, "seed " + seed + " wrote no snapshot");
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("runtimeSeeds")
  void shouldKeepTheUninterruptedStateAcrossRuntimeRestarts(long seed) throws Exception {
    // given: a runtime with frequent snapshots, small journal segments and pruning, and a fixed
    // clock per chunk so that the same commands can be applied to a plain exchange alongside
    Random random = new Random(seed);
    AtomicLong clock = new AtomicLong(1_700_000_000_000L);
    RuntimeConfig config =
        RuntimeConfig.defaults()
            .withExchange(CONFIG)
            .withSnapshotEvery(20 + random.nextInt(200))
            .withClock(clock::get);
    Exchange uninterrupted = Exchange.create(CONFIG);
    SeededFlow flow = SeededFlow.ofSeed(seed);
    List<Command> commands = new ArrayList<>(SeededFlow.setup(USERS));
    for (int i = 0; i < COMMANDS; i++) {
      commands.add(flow.next());
    }
    int restarts = 0;
    ExchangeRuntime runtime = open(config);
    try {
      int next = 0;
      while (next < commands.size()) {
        // when: a chunk of commands is submitted at once, with one timestamp
        int size = Math.min(commands.size() - next, 1 + random.nextInt(150));
        clock.addAndGet(random.nextInt(10) == 0 ? 86_400_000L : random.nextInt(60_000));
        List<CompletableFuture<CommandResult>> futures = new ArrayList<>(size);
        for (Command command : commands.subList(next, next + size)) {
          futures.add(runtime.submit(command));
        }

        // then: every result equals the one of the uninterrupted exchange
        for (int i = 0; i < size; i++) {
          CommandResult expected = uninterrupted.apply(clock.get(), commands.get(next + i));
          assertEquals(expected, futures.get(i).join(), "seed " + seed);
        }
        next += size;

        if (random.nextInt(5) == 0) {
          // when: the runtime restarts, sometimes without its newest snapshot, as if it had
          // crashed before writing it, so that recovery replays the journal after an older one
          runtime.close();
          if (random.nextBoolean()) {
            deleteNewestSnapshot();
          }
          runtime = open(config);
          restarts++;

          // then
          assertEquals(uninterrupted.lastSequence(), runtime.lastSequence(), "seed " + seed);
          assertEquals(
              uninterrupted.stateHash(),
              (long) runtime.query(Exchange::stateHash).join(),
              "seed " + seed + " after restart " + restarts + ": " + runtime.recoveryReport());
          runtime.query(exchange -> verified(exchange)).join();
        }
      }
    } finally {
      runtime.close();
    }
    assertTrue(restarts > 0, "seed " + seed + " never restarted");
  }

  private ExchangeRuntime open(RuntimeConfig config) throws IOException {
    return ExchangeRuntime.start(
        config,
        Journal.openFiles(directory.resolve("journal"), Journals.SMALL_SEGMENTS),
        SnapshotStore.inDirectory(directory.resolve("snapshots")));
  }

  private void deleteNewestSnapshot() throws IOException {
    List<Path> files = SnapshotFiles.oldestFirst(directory.resolve("snapshots"));
    // Keep one: the journal may already be pruned up to the oldest kept snapshot.
    if (files.size() > 1) {
      Files.delete(files.get(files.size() - 1));
    }
  }

  private static boolean verified(Exchange exchange) {
    exchange.verify();
    return true;
  }

  /** The setup and a seeded flow, with timestamps. */
  static List<SeededFlow.Timed> flow(long seed) {
    List<SeededFlow.Timed> timed = new ArrayList<>();
    for (Command command : SeededFlow.setup(USERS)) {
      timed.add(new SeededFlow.Timed(1_700_000_000_000L, command));
    }
    SeededFlow flow = SeededFlow.ofSeed(seed);
    for (int i = 0; i < COMMANDS; i++) {
      timed.add(flow.nextTimed());
    }
    return timed;
  }
}
