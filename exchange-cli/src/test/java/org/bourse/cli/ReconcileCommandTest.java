package org.bourse.cli;

import static org.bourse.cli.BourseRun.bourse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.bourse.cli.simulate.Listing;
import org.bourse.cli.simulate.OrderFlow;
import org.bourse.core.Command;
import org.bourse.core.CommandResult;
import org.bourse.core.ExchangeConfig;
import org.bourse.core.ExchangeRuntime;
import org.bourse.core.RuntimeConfig;
import org.bourse.core.SnapshotStore;
import org.bourse.jdbc.Database;
import org.bourse.jdbc.DatabaseConfig;
import org.bourse.jdbc.JdbcJournal;
import org.bourse.jdbc.projection.JournalSource;
import org.bourse.jdbc.projection.Projection;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives {@code bourse journal reconcile} end to end: a runtime writes a data directory, its
 * history projection is brought up to date in an embedded database, and the tool compares the two,
 * before and after a row is tampered with.
 */
class ReconcileCommandTest {
  @TempDir Path data;
  @TempDir Path databaseDirectory;

  private DatabaseConfig database;

  @BeforeEach
  void runARuntimeAndProjectIt() throws IOException {
    RuntimeConfig config = RuntimeConfig.defaults().withClock(() -> OrderFlow.START_MS);
    OrderFlow flow = new OrderFlow(3, 30, EnumSet.of(Listing.BTCUSDT, Listing.ETHBTC));
    List<Command> commands = new ArrayList<>(flow.setup());
    Command[] next = new Command[600];
    flow.next(next, new long[next.length], next.length);
    commands.addAll(List.of(next));
    try (ExchangeRuntime runtime = ExchangeRuntime.openFiles(data, config)) {
      List<CompletableFuture<CommandResult>> results = new ArrayList<>();
      for (Command command : commands) {
        results.add(runtime.submit(command));
      }
      results.forEach(CompletableFuture::join);
    }
    database = DatabaseConfig.embedded(databaseDirectory);
    try (Database open = Database.open(database)) {
      Projection.open(open)
          .catchUp(
              JournalSource.files(
                  ExchangeConfig.defaults(), data.resolve("journal"), data.resolve("snapshots")));
    }
  }

  private BourseRun reconcile() {
    return bourse(
        "journal",
        "reconcile",
        "--db-url",
        database.url(),
        "--journal",
        data.resolve("journal").toString(),
        "--snapshots",
        data.resolve("snapshots").toString());
  }

  @Test
  void shouldFindNoDifferenceInAnUntouchedProjection() {
    // when
    BourseRun run = reconcile();

    // then
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("the projection matches the journal"), run.out());
    assertTrue(run.out().startsWith("checked at sequence "), run.out());
  }

  @Test
  void shouldReportATamperedRowAndExitNonZero() throws SQLException {
    // given: one trade's price and one balance changed behind the projection's back
    try (Database open = Database.open(database);
        Connection connection = open.connection();
        Statement statement = connection.createStatement()) {
      statement.executeUpdate(
          "UPDATE trades SET price_ticks = price_ticks + 1"
              + " WHERE trade_id = (SELECT MIN(trade_id) FROM trades)");
      statement.executeUpdate(
          "UPDATE balances SET held = held + 5 WHERE user_id ="
              + " (SELECT MIN(user_id) FROM balances) AND asset_id = 1");
    }

    // when
    BourseRun run = reconcile();

    // then
    assertEquals(ExitCodes.CORRUPT, run.exitCode(), run.out() + run.err());
    assertTrue(run.out().contains("\n  trade 1: projection "), run.out());
    assertTrue(run.out().contains("\n  balance of user "), run.out());
    assertTrue(run.out().contains(" differences"), run.out());
  }

  @Test
  void shouldReadTheJournalInTheDatabaseWhenNoDirectoryIsGiven(@TempDir Path other)
      throws IOException {
    // given: a runtime on the database journal, and its projection, in one embedded database;
    // closing the runtime snapshots and prunes the journal, so reconcile starts from the snapshot
    DatabaseConfig config = DatabaseConfig.embedded(other);
    try (Database open = Database.open(config);
        ExchangeRuntime runtime =
            ExchangeRuntime.start(
                RuntimeConfig.defaults().withClock(() -> OrderFlow.START_MS),
                JdbcJournal.open(open),
                SnapshotStore.inDirectory(other.resolve("snapshots")))) {
      new OrderFlow(4, 20, EnumSet.of(Listing.BTCUSDT))
          .setup().stream().map(runtime::submit).toList().forEach(CompletableFuture::join);
      Projection.open(open).catchUp(JournalSource.database(ExchangeConfig.defaults(), open, null));
    }

    // when
    BourseRun run =
        bourse(
            "journal",
            "reconcile",
            "--db-url",
            config.url(),
            "--snapshots",
            other.resolve("snapshots").toString());

    // then
    assertEquals(0, run.exitCode(), run.out() + run.err());
    assertTrue(run.out().contains("the projection matches the journal"), run.out());
    assertTrue(run.out().contains("(replayed from "), run.out());
  }

  @Test
  void shouldRefuseAJournalDirectoryThatIsNotThere() {
    // when
    BourseRun run =
        bourse(
            "journal",
            "reconcile",
            "--db-url",
            database.url(),
            "--journal",
            data.resolve("nothing").toString());

    // then
    assertEquals(ExitCodes.USAGE, run.exitCode());
    assertTrue(run.err().contains("is not a directory"), run.err());
  }
}
