package org.bourse.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.bourse.core.ExchangeException;
import org.bourse.jdbc.TestDatabase.Backend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DatabaseTest {
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
        .withHandle(
            handle ->
                handle
                    .createQuery(
                        "SELECT \"version\" FROM \"flyway_schema_history\" WHERE \"success\""
                            + " ORDER BY \"installed_rank\"")
                    .mapTo(String.class)
                    .list());
  }
}
