package org.bourse.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.bourse.core.Clock;
import org.bourse.core.Command;
import org.bourse.core.CommandResult;
import org.bourse.core.Exchange;
import org.bourse.core.ExchangeRuntime;
import org.bourse.core.RuntimeConfig;
import org.bourse.core.SnapshotStore;
import org.bourse.core.runtime.SeededFlow;
import org.bourse.jdbc.TestDatabase.Backend;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The runtime on the database journal, on each backend: commands are accepted, and a restart
 * recovers exactly the state before it ({@code stateHash()} and sequence equal), from the newest
 * snapshot plus the journal rows after it, and from the journal alone.
 */
class JdbcJournalRuntimeTest {
  private static final int USERS = 20;

  @TempDir Path directory;

  @ParameterizedTest
  @EnumSource(Backend.class)
  void shouldRecoverTheStateBeforeEachRestartFromSnapshotsAndThePrunedJournal(Backend backend)
      throws IOException {
    // given: snapshots every 500 commands, journal rows pruned behind the kept snapshots
    RuntimeConfig config = config(500, true);
    SeededFlow flow = new SeededFlow(3, USERS, 1_000, "c");
    try (TestDatabase test = TestDatabase.create(backend);
        Database database = test.open()) {
      List<Command> first = new ArrayList<>(SeededFlow.setup(USERS));
      for (int restart = 1; restart <= 3; restart++) {
        // when
        State before;
        try (ExchangeRuntime runtime = start(config, database)) {
          submitAll(runtime, restart == 1 ? first : take(flow, 2_000));
          before = State.of(runtime);
        }
        try (ExchangeRuntime restarted = start(config, database)) {
          // then
          assertEquals(before, State.of(restarted), "restart " + restart);
          assertEquals(List.of(), restarted.recoveryReport());
        }
      }
      try (JdbcJournal journal = JdbcJournal.openReadOnly(database)) {
        assertTrue(journal.firstSequence() > 1, "the journal was never pruned");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void shouldRecoverTheStateFromTheJournalAloneWithoutSnapshots(Backend backend)
      throws IOException {
    // given: no periodic snapshots and no pruning
    RuntimeConfig config = config(0, false);
    try (TestDatabase test = TestDatabase.create(backend);
        Database database = test.open()) {
      State before;
      try (ExchangeRuntime runtime = start(config, database)) {
        submitAll(runtime, SeededFlow.setup(USERS));
        submitAll(runtime, take(new SeededFlow(4, USERS, 1_000, "c"), 3_000));
        before = State.of(runtime);
      }

      // when: the snapshot written at close is gone
      try (Stream<Path> files = Files.list(directory.resolve("snapshots"))) {
        for (Path file : files.toList()) {
          Files.delete(file);
        }
      }
      try (ExchangeRuntime restarted = start(config, database)) {
        // then
        assertEquals(before, State.of(restarted));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void shouldKeepTheWholeJournalWhenPruningIsOff(Backend backend) throws IOException {
    // given: snapshots every 500 commands, as in the pruning test above, but pruning turned off
    RuntimeConfig config = config(500, true).withPruneJournal(false);
    try (TestDatabase test = TestDatabase.create(backend);
        Database database = test.open()) {
      // when
      try (ExchangeRuntime runtime = start(config, database)) {
        submitAll(runtime, SeededFlow.setup(USERS));
        submitAll(runtime, take(new SeededFlow(5, USERS, 1_000, "c"), 3_000));
      }

      // then
      try (JdbcJournal journal = JdbcJournal.openReadOnly(database)) {
        assertEquals(1, journal.firstSequence());
        assertTrue(journal.lastSequence() > 3_000, "only " + journal.lastSequence());
      }
    }
  }

  /** The sequence and state hash of a runtime, read on its engine thread. */
  private record State(long sequence, long stateHash) {
    static State of(ExchangeRuntime runtime) {
      return runtime.query(e -> new State(e.lastSequence(), checkedHash(e))).join();
    }

    private static long checkedHash(Exchange exchange) {
      exchange.verify();
      return exchange.stateHash();
    }
  }

  private ExchangeRuntime start(RuntimeConfig config, Database database) throws IOException {
    return ExchangeRuntime.start(
        config,
        JdbcJournal.open(database),
        SnapshotStore.inDirectory(directory.resolve("snapshots")));
  }

  private static RuntimeConfig config(long snapshotEvery, boolean prune) {
    return new RuntimeConfig(
        SeededFlow.SMALL_BOUNDS, 65_536, 256, snapshotEvery, 2, prune, 1_024, Clock.system());
  }

  private static List<Command> take(SeededFlow flow, int count) {
    List<Command> commands = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      commands.add(flow.next());
    }
    return commands;
  }

  /** Submits in chunks of up to 300 and waits for each chunk, so batches vary in size. */
  private static void submitAll(ExchangeRuntime runtime, List<Command> commands) {
    for (int from = 0; from < commands.size(); from += 300) {
      List<CompletableFuture<CommandResult>> futures = new ArrayList<>();
      for (Command command : commands.subList(from, Math.min(commands.size(), from + 300))) {
        futures.add(runtime.submit(command));
      }
      for (CompletableFuture<CommandResult> future : futures) {
        assertTrue(future.join().sequence() > 0, "not journaled");
      }
    }
  }
}
