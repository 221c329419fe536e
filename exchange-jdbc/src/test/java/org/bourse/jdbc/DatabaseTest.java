package org.bourse.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bourse.core.ExchangeException;
import org.bourse.jdbc.TestDatabase.Backend;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DatabaseTest {
  private static final String APPLIED_MIGRATIONS =
      "SELECT \"version\" FROM \"flyway_schema_history\" WHERE \"success\" AND \"version\" IS NOT NULL"
          + " ORDER BY \"installed_rank\"";
  private static final String H2_URL =
      "jdbc:h2:mem:x;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;WRITE_DELAY=0";

  @ParameterizedTest
  @EnumSource(Backend.class)
  void shouldMigrateTheSchemaOnOpenAndAgainWithoutChange(Backend backend) {
    try (TestDatabase test = TestDatabase.create(backend)) {
      // when
      List<String> first;
      try (Database database = test.open()) {
        first = appliedMigrations(database);
      }
      List<String> second;
      try (Database database = test.open()) {
        second = appliedMigrations(database);
      }

      // then
      assertTrue(first.contains("1"), first.toString());
      assertEquals(first, second);
    }
  }

  @Test
  void shouldCreateTheEmbeddedDatabaseInTheDataDirectory(@TempDir Path data) {
    // when
    try (Database database = Database.open(DatabaseConfig.embedded(data))) {
      // then
      assertEquals(Dialect.H2, database.dialect());
      assertTrue(data.resolve("db").resolve("bourse.mv.db").toFile().isFile());
    }
  }

  @Test
  void shouldLeaveAnH2FileAsItWasWhenAMigrationFailsHalfWay(@TempDir Path data) throws Exception {
    // given: an H2 file at schema version 2 with a checkpoint written, and a table in the way of
    // the last statement of migration 3 (H2 commits each of its statements on its own)
    DatabaseConfig config = DatabaseConfig.embedded(data);
    Flyway.configure()
        .dataSource(config.url(), config.user(), config.password())
        .locations("classpath:db/migration")
        .target("2")
        .load()
        .migrate();
    execute(config, "UPDATE projection_checkpoint SET last_sequence = 42");
    execute(config, "CREATE TABLE inbox_messages (id BIGINT)");

    // when
    ExchangeException failure = assertThrows(ExchangeException.class, () -> Database.open(config));

    // then: nothing of migration 3 reached the file, and no copy is left
    assertTrue(failure.getMessage().contains("inbox_messages"), failure.getMessage());
    assertEquals(List.of("1", "2"), query(config, APPLIED_MIGRATIONS));
    assertEquals(
        List.of(),
        query(
            config,
            "SELECT table_name FROM information_schema.tables"
                + " WHERE table_schema = 'public' AND table_name = 'users'"));
    assertFalse(Files.exists(data.resolve("db").resolve("bourse.migrating.mv.db")));

    // when: the table in the way is gone
    execute(config, "DROP TABLE inbox_messages");
    try (Database database = Database.open(config)) {
      // then: migrated to the newest version, with the data kept
      assertEquals(List.of("1", "2", "3"), appliedMigrations(database));
      assertEquals(List.of("42"), query(config, "SELECT last_sequence FROM projection_checkpoint"));
    }
  }

  @Test
  void shouldDiscardACopyThatACrashLeftHalfMigrated(@TempDir Path data) throws Exception {
    // given: the copy a process killed during the first migration leaves, and no database
    Path copy = data.resolve("db").resolve("bourse.migrating.mv.db");
    Files.createDirectories(copy.getParent());
    Files.write(copy, new byte[] {1, 2, 3});

    // when
    try (Database database = Database.open(DatabaseConfig.embedded(data))) {
      // then
      assertEquals(List.of("1", "2", "3"), appliedMigrations(database));
      assertFalse(Files.exists(copy));
    }
  }

  @Test
  void shouldNameTheSettingThatIsWrong() {
    assertMessage(Map.of(), "bourse.db.url is required");
    assertMessage(
        Map.of(DatabaseConfig.URL, "jdbc:mysql://x"),
        "bourse.db.url: database url must start with jdbc:postgresql: or jdbc:h2:");
    assertMessage(
        Map.of(DatabaseConfig.URL, H2_URL, DatabaseConfig.POOL_SIZE, "0"),
        "bourse.db.pool-size must be between 1 and 200, was 0");
    assertMessage(
        Map.of(DatabaseConfig.URL, H2_URL, DatabaseConfig.POOL_SIZE, "eight"),
        "bourse.db.pool-size must be a whole number, was eight");
    assertMessage(
        Map.of(DatabaseConfig.URL, H2_URL, DatabaseConfig.CONNECTION_TIMEOUT_MS, "10"),
        "bourse.db.connection-timeout-ms must be at least 250, was 10");
    assertMessage(
        Map.of(DatabaseConfig.URL, H2_URL, DatabaseConfig.IDLE_TIMEOUT_MS, "5"),
        "bourse.db.idle-timeout-ms must be 0 or at least 10000, was 5");
    assertMessage(
        Map.of(DatabaseConfig.URL, H2_URL, DatabaseConfig.MAX_LIFETIME_MS, "-1"),
        "bourse.db.max-lifetime-ms must be a whole number from 0 to 2147483647, was -1");
  }

  @Test
  void shouldRefuseAnH2UrlWithoutThePostgresModeOrWithADelayedWrite() {
    assertMessage(
        Map.of(DatabaseConfig.URL, "jdbc:h2:file:/tmp/x;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE"),
        "bourse.db.url: an H2 URL must set MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;WRITE_DELAY=0,"
            + " missing WRITE_DELAY=0 in jdbc:h2:file:/tmp/x…");
    assertMessage(
        Map.of(DatabaseConfig.URL, "jdbc:h2:file:/tmp/x;WRITE_DELAY=0"),
        "bourse.db.url: an H2 URL must set MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;WRITE_DELAY=0,"
            + " missing MODE=PostgreSQL");
  }

  @Test
  void shouldKeepPasswordsInUrlParametersOutOfMessages() {
    // given: a password given as a URL parameter, and nothing listening on port 1
    DatabaseConfig config =
        DatabaseConfig.fromProperties(
            Map.of(
                DatabaseConfig.URL, "jdbc:postgresql://127.0.0.1:1/none?password=hunter2",
                DatabaseConfig.CONNECTION_TIMEOUT_MS, "250"));

    // when
    ExchangeException failure = assertThrows(ExchangeException.class, () -> Database.open(config));

    // then
    assertEquals("jdbc:postgresql://127.0.0.1:1/none…", config.redactedUrl());
    assertFalse(config.toString().contains("hunter2"), config.toString());
    assertFalse(failure.getMessage().contains("hunter2"), failure.getMessage());
  }

  @Test
  void shouldReadEverySettingFromProperties() {
    // when
    DatabaseConfig config =
        DatabaseConfig.fromProperties(
            Map.of(
                DatabaseConfig.URL, " jdbc:postgresql://db:5432/bourse ",
                DatabaseConfig.USER, "bourse",
                DatabaseConfig.PASSWORD, "secret",
                DatabaseConfig.POOL_SIZE, "16",
                DatabaseConfig.CONNECTION_TIMEOUT_MS, "2000"));

    // then
    assertEquals("jdbc:postgresql://db:5432/bourse", config.url());
    assertEquals(16, config.poolSize());
    assertEquals(2000, config.connectionTimeout().toMillis());
    assertEquals(Dialect.POSTGRESQL, config.dialect());
    assertTrue(!config.toString().contains("secret"), config.toString());
  }

  @Test
  void shouldSayWhichDatabaseItCannotReach() {
    // given: nothing listens on port 1
    DatabaseConfig config =
        DatabaseConfig.fromProperties(
            Map.of(
                DatabaseConfig.URL, "jdbc:postgresql://127.0.0.1:1/none",
                DatabaseConfig.USER, "nobody",
                DatabaseConfig.CONNECTION_TIMEOUT_MS, "250"));

    // when
    ExchangeException failure = assertThrows(ExchangeException.class, () -> Database.open(config));

    // then
    assertTrue(
        failure.getMessage().startsWith("cannot connect to jdbc:postgresql://127.0.0.1:1/none"),
        failure.getMessage());
  }

  private static void assertMessage(Map<String, String> properties, String expected) {
    IllegalArgumentException failure =
        assertThrows(
            IllegalArgumentException.class, () -> DatabaseConfig.fromProperties(properties));
    assertTrue(failure.getMessage().startsWith(expected), failure.getMessage());
  }

  private static List<String> appliedMigrations(Database database) {
    return database
        .jdbi()
        .withHandle(handle -> handle.createQuery(APPLIED_MIGRATIONS).mapTo(String.class).list());
  }

  /** Runs one statement on a connection of its own, without the pool or Flyway of Database. */
  private static void execute(DatabaseConfig config, String sql) throws SQLException {
    try (Connection connection =
            DriverManager.getConnection(config.url(), config.user(), config.password());
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  /** The first column of every row of a query, as strings, on a connection of its own. */
  private static List<String> query(DatabaseConfig config, String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Connection connection =
            DriverManager.getConnection(config.url(), config.user(), config.password());
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      while (rows.next()) {
        values.add(rows.getString(1));
      }
    }
    return values;
  }
}
