package org.bourse.jdbc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A throw-away database for one test: an H2 file database in a temporary directory, or a schema of
 * its own in the test PostgreSQL database (see the {@code bourse.test.postgres.*} properties in
 * this module's pom), dropped on {@link #close}.
 *
 * <p>PostgreSQL tests never pass silently without PostgreSQL: if it is unreachable, {@link #create}
 * fails with a message saying so and how to start it. Only an explicit {@code
 * -Dbourse.test.postgres=skip} turns that into a skip, reported as such.
 */
public final class TestDatabase implements AutoCloseable {

  /** The two databases every contract test runs against. */
  public enum Backend {
    H2,
    POSTGRESQL
  }

  private final Backend backend;
  private final DatabaseConfig config;
  private final Path directory;
  private final String schema;

  private TestDatabase(Backend backend, DatabaseConfig config, Path directory, String schema) {
    this.backend = backend;
    this.config = config;
    this.directory = directory;
    this.schema = schema;
  }

  /** A new, empty database of the given kind. */
  public static TestDatabase create(Backend backend) {
    try {
      if (backend == Backend.H2) {
        Path directory = Files.createTempDirectory("bourse-h2-");
        return new TestDatabase(backend, DatabaseConfig.embedded(directory), directory, null);
      }
      String url = System.getProperty("bourse.test.postgres.url");
      String user = System.getProperty("bourse.test.postgres.user", "");
      String password = System.getProperty("bourse.test.postgres.password", "");
      String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
      try (Connection connection = DriverManager.getConnection(url, user, password);
          Statement statement = connection.createStatement()) {
        statement.execute("CREATE SCHEMA " + schema);
      } catch (SQLException unreachable) {
        if ("skip".equals(System.getProperty("bourse.test.postgres"))) {
          Assumptions.abort(
              "PostgreSQL tests skipped on request (-Dbourse.test.postgres=skip): "
                  + unreachable.getMessage());
        }
        throw new AssertionError(
            "PostgreSQL is unreachable at "
                + url
                + " as '"
                + user
                + "' ("
                + unreachable.getMessage()
                + "). Start it and create the test role and database as .ci/run does, point"
                + " -Dbourse.test.postgres.url/.user/.password elsewhere, or skip these tests"
                + " explicitly with -Dbourse.test.postgres=skip.",
            unreachable);
      }
      String separator = url.contains("?") ? "&" : "?";
      DatabaseConfig config =
          DatabaseConfig.of(url + separator + "currentSchema=" + schema, user, password);
      return new TestDatabase(backend, config, null, schema);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Which database this is. */
  public Backend backend() {
    return backend;
  }

  /** How to connect to it; {@link Database#open} migrates it on first use. */
  public DatabaseConfig config() {
    return config;
  }

  /** Opens (and migrates) the database; the caller closes what it opens. */
  public Database open() {
    return Database.open(config);
  }

  /** A name for test reports. */
  @Override
  public String toString() {
    return backend.name().toLowerCase(Locale.ROOT);
  }

  /** Drops the schema or deletes the directory. */
  @Override
  public void close() {
    if (schema != null) {
      try (Connection connection =
              DriverManager.getConnection(
                  System.getProperty("bourse.test.postgres.url"),
                  System.getProperty("bourse.test.postgres.user", ""),
                  System.getProperty("bourse.test.postgres.password", ""));
          Statement statement = connection.createStatement()) {
        statement.execute("DROP SCHEMA " + schema + " CASCADE");
      } catch (SQLException e) {
        throw new AssertionError("cannot drop test schema " + schema, e);
      }
    }
    if (directory != null) {
      try (Stream<Path> files = Files.walk(directory)) {
        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(file);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
