package org.bourse.jdbc.projection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.bourse.core.Balance;
import org.bourse.core.Clock;
import org.bourse.core.Command;
import org.bourse.core.CommandResult;
import org.bourse.core.EventDetail;
import org.bourse.core.ExchangeException;
import org.bourse.core.ExchangeRuntime;
import org.bourse.core.RuntimeConfig;
import org.bourse.core.SnapshotStore;
import org.bourse.core.runtime.SeededFlow;
import org.bourse.jdbc.Database;
import org.bourse.jdbc.JdbcJournal;
import org.bourse.jdbc.TestDatabase;
import org.bourse.jdbc.TestDatabase.Backend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The projection fed by a real runtime on a file journal, written once and run on H2 and
 * PostgreSQL: the tables must hold exactly what the engine emitted and holds, whatever stops,
 * restarts, detaches and rebuilds happen on the way.
 */
abstract class ProjectionContract {
  private static final int FLOW = 1_500;

  @TempDir Path data;

  private TestDatabase test;
  private Database database;
  private Projection projection;
  private Tables tables;
  private final List<CommandResult> results = new ArrayList<>();

  abstract Backend backend();

  @BeforeEach
  void openDatabase() {
    test = TestDatabase.create(backend());
    database = test.open();
    projection = Projection.open(database);
    tables = new Tables(database);
  }

  @AfterEach
  void closeDatabase() {
    // Both stay null when the backend was skipped on request (the set-up aborted).
    if (database != null) {
      database.close();
    }
    if (test != null) {
      test.close();
    }
  }

  @Test
  void shouldHoldExactlyWhatTheEngineEmittedAfterASeededFlow() throws Exception {
    // given
    Map<List<Long>, Balance> engineBalances;
    long lastSequence;
    try (Venue venue = Venue.open(data, 65_536, results)) {
      Projector projector = venue.project(projection);

      // when
      venue.submit(SeededFlow.setup(Venue.USERS));
      venue.submitFlow(new SeededFlow(1, Venue.USERS, 1_000, "a"), FLOW);
      engineBalances = venue.engineBalances();
      lastSequence = venue.lastSequence();
      venue.closeRuntime();
      projector.close();
    }

    // then
    assertEquals(lastSequence, projection.checkpoint());
    Venue.Expected expected = Venue.Expected.of(results);
    assertTrue(expected.trades().size() > 100, "the flow traded too little to test anything");
    tables.assertMatch(expected, engineBalances);
    Reconciliation reconciliation = Reconciliation.run(projection, Venue.source(data));
    assertEquals(List.of(), reconciliation.differences());
  }

  @Test
  void shouldApplyEveryResultExactlyOnceAcrossStopsAndRestarts() throws Exception {
    // given: a projector stopped mid-way while its runtime goes on
    SeededFlow flow = new SeededFlow(2, Venue.USERS, 1_000, "b");
    try (Venue venue = Venue.open(data, 65_536, results)) {
      Projector first = venue.project(projection);
      venue.submit(SeededFlow.setup(Venue.USERS));
      venue.submitFlow(flow, FLOW / 3);
      first.close();
      long stoppedAt = projection.checkpoint();
      venue.submitFlow(flow, FLOW / 3);
      assertEquals(stoppedAt, projection.checkpoint(), "a closed projector wrote on");
    }

    // when: the runtime restarts, and a new projector catches up and follows it
    Map<List<Long>, Balance> engineBalances;
    long lastSequence;
    try (Venue venue = Venue.open(data, 65_536, results)) {
      Projector second = venue.project(projection);
      venue.submitFlow(flow, FLOW / 3);
      engineBalances = venue.engineBalances();
      lastSequence = venue.lastSequence();
      venue.closeRuntime();
      second.close();
    }

    // then
    assertEquals(lastSequence, projection.checkpoint());
    tables.assertMatch(Venue.Expected.of(results), engineBalances);
  }

  @Test
  void shouldCatchUpFromTheJournalWhenTheRuntimeDetachesIt() throws Exception {
    // given: a listener buffer of 4 results, which a projector writing to a database overflows
    Map<List<Long>, Balance> engineBalances;
    long lastSequence;
    try (Venue venue = Venue.open(data, 4, results)) {
      Projector projector = venue.project(projection);

      // when
      venue.submit(SeededFlow.setup(Venue.USERS));
      venue.submitFlow(new SeededFlow(3, Venue.USERS, 1_000, "c"), FLOW);
      engineBalances = venue.engineBalances();
      lastSequence = venue.lastSequence();
      assertTrue(
          projector.awaitCheckpoint(lastSequence, Duration.ofMinutes(1)), "did not catch up");
      venue.closeRuntime();
      projector.close();
    }

    // then
    assertEquals(lastSequence, projection.checkpoint());
    tables.assertMatch(Venue.Expected.of(results), engineBalances);
  }

  @Test
  void shouldRebuildFromTheJournalToTheSameRows() throws Exception {
    // given
    try (Venue venue = Venue.open(data, 65_536, results)) {
      Projector projector = venue.project(projection);
      venue.submit(SeededFlow.setup(Venue.USERS));
      venue.submitFlow(new SeededFlow(4, Venue.USERS, 1_000, "d"), FLOW / 2);
      venue.closeRuntime();
      projector.close();
    }
    Map<String, List<String>> live = tables.dump();
    long checkpoint = projection.checkpoint();

    // when
    long rebuilt = projection.rebuild(Venue.source(data));

    // then
    assertEquals(checkpoint, rebuilt);
    assertEquals(checkpoint, projection.checkpoint());
    assertEquals(live, tables.dump());
    assertFalse(live.get("trades").isEmpty());
  }

  @Test
  void shouldCatchUpWithoutARuntimeFromAnyCheckpoint() throws Exception {
    // given: a journal, and a projection rebuilt only up to part of it
    try (Venue venue = Venue.open(data, 65_536, results)) {
      venue.submit(SeededFlow.setup(Venue.USERS));
      venue.submitFlow(new SeededFlow(5, Venue.USERS, 1_000, "e"), FLOW / 2);
    }
    JournalSource source = Venue.source(data);
    long half = results.size() / 2;
    new ProjectionWriter(database).clear();
    JournalReplay.replay(source, 0, half, 100, new ProjectionWriter(database)::write);
    assertEquals(half, projection.checkpoint());

    // when
    long reached = projection.catchUp(source);

    // then: the same rows as a rebuild in one go
    assertEquals(results.size(), reached);
    Map<String, List<String>> caughtUp = tables.dump();
    projection.rebuild(source);
    assertEquals(tables.dump(), caughtUp);
  }

  @Test
  void shouldRefuseABatchFromAWriterWhoseCheckpointIsStale() throws Exception {
    // given: the checkpoint moved by one writer
    try (Venue venue = Venue.open(data, 65_536, results)) {
      venue.submit(SeededFlow.setup(Venue.USERS));
    }
    ProjectionWriter writer = new ProjectionWriter(database);
    projection.catchUp(Venue.source(data));
    Map<String, List<String>> before = tables.dump();

    // when: another writes a batch that starts from where it thought the checkpoint was
    ExchangeException refused =
        assertThrows(ExchangeException.class, () -> writer.write(0, 1, List.of(results.get(0))));

    // then
    assertTrue(refused.getMessage().contains("another projector"), refused.getMessage());
    assertEquals(before, tables.dump());
  }

  @Test
  void shouldReportTamperedRowsWhenReconciling() throws Exception {
    // given
    try (Venue venue = Venue.open(data, 65_536, results)) {
      venue.submit(SeededFlow.setup(Venue.USERS));
      venue.submitFlow(new SeededFlow(6, Venue.USERS, 1_000, "f"), FLOW / 3);
    }
    projection.catchUp(Venue.source(data));
    long tradeId = tables.trades().get(0).tradeId();
    database
        .jdbi()
        .useHandle(
            h ->
                h.execute(
                    "UPDATE balances SET available = available + 7 WHERE user_id = 3 AND asset_id = 2"));
    database.jdbi().useHandle(h -> h.execute("DELETE FROM trades WHERE trade_id = ?", tradeId));

    // when
    Reconciliation reconciliation = Reconciliation.run(projection, Venue.source(data));

    // then
    List<String> differences = reconciliation.differences();
    assertFalse(reconciliation.matches());
    assertTrue(
        differences.stream().anyMatch(d -> d.startsWith("balance of user 3 in asset 2:")),
        differences::toString);
    assertTrue(
        differences.stream()
            .anyMatch(d -> d.startsWith("trade " + tradeId + ": projection has no row")),
        differences::toString);
  }

  @Test
  void shouldStopForGoodWhenTheJournalWasPrunedPastItsCheckpoint() throws Exception {
    // given: a runtime on the database journal that snapshots every 200 commands, keeps one and
    // prunes the journal behind it, and a projector stopped while the runtime went on (a snapshot
    // on demand at the end prunes before it returns: periodic ones prune in the background)
    RuntimeConfig pruning =
        new RuntimeConfig(Venue.CONFIG, 65_536, 4_096, 200, 1, true, 65_536, Clock.system());
    Path snapshots = data.resolve("snapshots");
    JournalSource source = JournalSource.database(Venue.CONFIG, database, snapshots);
    SeededFlow flow = new SeededFlow(7, Venue.USERS, 1_000, "g");
    long stoppedAt;
    try (ExchangeRuntime runtime =
        ExchangeRuntime.start(
            pruning, JdbcJournal.open(database), SnapshotStore.inDirectory(snapshots))) {
      Projector first = projection.projector(runtime, source);
      submit(runtime, SeededFlow.setup(Venue.USERS));
      first.close();
      stoppedAt = projection.checkpoint();
      List<Command> more = new ArrayList<>();
      for (int i = 0; i < FLOW / 2; i++) {
        more.add(flow.next());
      }
      submit(runtime, more);
      runtime.snapshot().join();

      // when: a new projector starts from the old checkpoint
      Projector second = projection.projector(runtime, source);

      // then: it fails for good, saying why, and writes nothing
      ExchangeException stuck =
          assertThrows(
              ExchangeException.class,
              () -> second.awaitCheckpoint(Long.MAX_VALUE, Duration.ofMinutes(1)));
      second.close();
      assertEquals(Optional.of(stuck), second.failure());
      assertTrue(
          stuck.getMessage().startsWith("the projection's checkpoint is sequence " + stoppedAt),
          stuck.getMessage());
      assertTrue(stuck.getMessage().contains("but the journal starts at sequence"));
      assertEquals(stoppedAt, projection.checkpoint());
      ExchangeException refused =
          assertThrows(ExchangeException.class, () -> projection.catchUp(source));
      assertEquals(stuck.getMessage(), refused.getMessage());
    }
  }

  private static void submit(ExchangeRuntime runtime, List<Command> commands) {
    List<CompletableFuture<CommandResult>> sent = new ArrayList<>();
    for (Command command : commands) {
      sent.add(runtime.submit(command));
    }
    sent.forEach(CompletableFuture::join);
  }

  @Test
  void shouldRefuseAProjectorOnAConfigWithoutEveryEvent() {
    JournalSource source = Venue.source(data);
    JournalSource ordersOnly =
        new JournalSource(
            source.config().withEventDetail(EventDetail.ORDERS),
            source.journal(),
            source.snapshots());

    // when
    IllegalArgumentException refused =
        assertThrows(IllegalArgumentException.class, () -> projection.projector(null, ordersOnly));

    // then
    assertTrue(
        refused.getMessage().startsWith("config.eventDetail must be FULL"), refused.getMessage());
  }
}
