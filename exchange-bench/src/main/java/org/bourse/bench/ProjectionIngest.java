package org.bourse.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.bourse.core.Command;
import org.bourse.core.EventDetail;
import org.bourse.core.Exchange;
import org.bourse.core.ExchangeConfig;
import org.bourse.core.FileJournalOptions;
import org.bourse.core.Journal;
import org.bourse.core.JournalRecord;
import org.bourse.jdbc.Database;
import org.bourse.jdbc.DatabaseConfig;
import org.bourse.jdbc.projection.JournalSource;
import org.bourse.jdbc.projection.Projection;

/**
 * {@code projection}: how fast the history projection ingests a large seeded flow into a database
 * (PostgreSQL; the schema is created for the run and dropped after it), in rows per second.
 *
 * <p>The flow (the crypto mix of {@link FlowGenerator}) is first written to a file journal in a
 * temporary directory. Then, in a fresh schema, {@code Projection.rebuild} replays the journal
 * through the engine with every event and writes the projection in its transactions of up to 16,384
 * sequences with the checkpoint: the same writer a live projector uses. The engine's share is
 * measured separately (the same replay without a database) and reported, so the database's share is
 * visible. Rows are those in the tables afterwards (orders and balances count once, however often
 * they were updated).
 *
 * <pre>
 * java -jar exchange-bench.jar projection [--commands N] [--seed S]
 *     [--db-url URL] [--db-user U] [--db-password P] [--keep]
 * </pre>
 */
final class ProjectionIngest {
  private static final String USAGE =
      "usage: projection [--commands N (default 1000000)] [--seed S (default 42)]\n"
          + "                  [--db-url URL (default jdbc:postgresql://127.0.0.1:5432/bourse_test)]\n"
          + "                  [--db-user U] [--db-password P] (default bourse_test/bourse_test)\n"
          + "                  [--keep] (keep the schema afterwards)";

  private static final List<String> TABLES =
      List.of("orders", "order_history", "trades", "ledger_entries", "ledger_postings", "balances");

  private ProjectionIngest() {}

  /** Runs the benchmark and prints the figures; returns the exit status (2: usage error). */
  static int main(String[] args, PrintStream out) throws Exception {
    int commands = 1_000_000;
    long seed = 42;
    String url = "jdbc:postgresql://127.0.0.1:5432/bourse_test";
    String user = "bourse_test";
    String password = "bourse_test";
    boolean keep = false;
    try {
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--help" -> {
            System.out.println(USAGE);
            return 0;
          }
          case "--commands" -> commands = Integer.parseInt(args[++i]);
          case "--seed" -> seed = Long.parseLong(args[++i]);
          case "--db-url" -> url = args[++i];
          case "--db-user" -> user = args[++i];
          case "--db-password" -> password = args[++i];
          case "--keep" -> keep = true;
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
      }
    } catch (RuntimeException bad) {
      System.err.println(bad.getMessage() + "\n" + USAGE);
      return 2;
    }
    FlowSpec spec = new FlowSpec(Mix.CRYPTO, 4, 1_000, 1_000, commands, seed);
    ExchangeConfig config = BourseFlow.config(EventDetail.FULL);
    Path directory = Files.createTempDirectory("bourse-projection-bench-");
    String schema = "bench_" + Long.toHexString(System.nanoTime());
    try {
      long records = writeJournal(spec, config, directory);
      JournalSource source = JournalSource.files(config, directory, null);
      long replayNanos = replayOnly(source, config);
      createSchema(url, user, password, schema);
      String separator = url.contains("?") ? "&" : "?";
      DatabaseConfig database =
          DatabaseConfig.of(url + separator + "currentSchema=" + schema, user, password);
      try (Database open = Database.open(database)) {
        long start = System.nanoTime();
        Projection.open(open).rebuild(source);
        long nanos = System.nanoTime() - start;
        long rows = countRows(open);
        double seconds = nanos / 1e9;
        out.printf(
            Locale.ROOT,
            "projection ingest, %s, %s: %,d journal records, %,d rows in %.1f s:"
                + " %,.0f rows/s, %,.0f commands/s (engine replay alone %.1f s)%n",
            spec.describe(),
            open.dialect(),
            records,
            rows,
            seconds,
            rows / seconds,
            records / seconds,
            replayNanos / 1e9);
      }
    } finally {
      if (!keep) {
        dropSchema(url, user, password, schema);
      }
      try (Stream<Path> files = Files.walk(directory)) {
        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(file);
        }
      }
    }
    return 0;
  }

  /** Journals the setup and the flow with increasing timestamps; returns the record count. */
  private static long writeJournal(FlowSpec spec, ExchangeConfig config, Path directory)
      throws IOException {
    List<Command> commands = new ArrayList<>(BourseFlow.setup(spec));
    commands.addAll(List.of(BourseFlow.commands(FlowGenerator.generate(spec))));
    long timestampMs = 1_735_689_600_000L;
    try (Journal journal = Journal.openFiles(directory, FileJournalOptions.defaults())) {
      List<JournalRecord> batch = new ArrayList<>(4_096);
      long sequence = 0;
      for (Command command : commands) {
        // A millisecond every 16 commands: about 16,000 commands per second of flow time.
        batch.add(new JournalRecord(++sequence, timestampMs + sequence / 16, command));
        if (batch.size() == 4_096) {
          journal.append(batch);
          batch.clear();
        }
      }
      if (!batch.isEmpty()) {
        journal.append(batch);
      }
      return sequence;
    }
  }

  /** The engine's share: the same replay with every event, and no database. */
  private static long replayOnly(JournalSource source, ExchangeConfig config) throws IOException {
    Exchange exchange = Exchange.create(config);
    long start = System.nanoTime();
    long[] events = {0};
    try (Journal journal = source.journal().open()) {
      journal.replay(
          0,
          record ->
              events[0] += exchange.apply(record.timestampMs(), record.command()).events().size());
    }
    if (events[0] == 0) {
      throw new IllegalStateException("the flow produced no events");
    }
    return System.nanoTime() - start;
  }

  private static long countRows(Database database) throws SQLException {
    long rows = 0;
    try (Connection connection = database.connection();
        Statement statement = connection.createStatement()) {
      for (String table : TABLES) {
        try (ResultSet count = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
          count.next();
          rows += count.getLong(1);
        }
      }
    }
    return rows;
  }

  private static void createSchema(String url, String user, String password, String schema)
      throws SQLException {
    try (Connection connection = DriverManager.getConnection(url, user, password);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE SCHEMA " + schema);
    }
  }

  private static void dropSchema(String url, String user, String password, String schema)
      throws SQLException {
    try (Connection connection = DriverManager.getConnection(url, user, password);
        Statement statement = connection.createStatement()) {
      statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }
}
