package org.bourse.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.bourse.core.ExchangeException;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An open database: a HikariCP connection pool, migrated to the newest schema by Flyway when it is
 * opened, and a {@link Jdbi} on top. The journal, the projections and the stores of this module all
 * take a {@code Database}.
 *
 * <p>The migrations ({@code db/migration} on the class path) are written once for both PostgreSQL
 * and H2 in PostgreSQL mode.
 *
 * <p>An H2 file database that was not closed cleanly (the process was killed) is recovered to the
 * newest complete version on disk before H2 opens it: H2's own recovery can miss the last commits
 * (see {@code H2File}); what was recovered is logged as a warning. Its pending migrations run on a
 * copy of the file that replaces it only when all succeeded, because H2 commits DDL statement by
 * statement: a crash or a failure during a migration leaves the file as it was.
 *
 * <p><b>Thread-safety:</b> safe for concurrent use; close it once, after its users stopped.
 */
public final class Database implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Database.class);

  private final DatabaseConfig config;
  private final HikariDataSource pool;
  private final Jdbi jdbi;

  private Database(DatabaseConfig config, HikariDataSource pool) {
    this.config = config;
    this.pool = pool;
    this.jdbi = Jdbi.create(pool);
  }

  /**
   * Connects, migrates the schema to the newest version and returns the open database.
   *
   * @throws ExchangeException if the database cannot be reached (the message names the URL, never
   *     the password), an H2 file that was not closed cleanly cannot be recovered, or a migration
   *     fails
   */
  public static Database open(DatabaseConfig config) {
    if (config.dialect() == Dialect.H2) {
      H2File.recover(config.url()).ifPresent(LOG::warn);
    }
    HikariDataSource pool = connect(config);
    try {
      if (config.dialect() == Dialect.H2
          && H2File.isFile(config.url())
          && flyway(pool).info().pending().length > 0) {
        // H2 commits DDL statement by statement; migrating in place, a crash would leave a
        // migration half done and the file impossible to migrate again.
        pool.close();
        LOG.info(H2File.migrateOnCopy(config, Database::flyway));
        pool = connect(config);
      }
      flyway(pool).migrate();
      return new Database(config, pool);
    } catch (RuntimeException failed) {
      pool.close();
      throw new ExchangeException(
          "cannot migrate the schema of " + config.redactedUrl() + ": " + failed.getMessage(),
          failed);
    }
  }

  private static HikariDataSource connect(DatabaseConfig config) {
    try {
      return new HikariDataSource(hikari(config));
    } catch (HikariPool.PoolInitializationException unreachable) {
      throw new ExchangeException(
          "cannot connect to "
              + config.redactedUrl()
              + " as '"
              + config.user()
              + "': "
              + rootCause(unreachable),
          unreachable);
    }
  }

  private static Flyway flyway(DataSource dataSource) {
    return Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:db/migration")
        .failOnMissingLocations(true)
        .load();
  }

  /** The config this database was opened with. */
  public DatabaseConfig config() {
    return config;
  }

  /** PostgreSQL or H2. */
  public Dialect dialect() {
    return config.dialect();
  }

  /** Jdbi over the pool, for the adapters of this module. */
  public Jdbi jdbi() {
    return jdbi;
  }

  /** A connection from the pool; the caller closes it. */
  public Connection connection() throws SQLException {
    return pool.getConnection();
  }

  /** Closes the pool. */
  @Override
  public void close() {
    pool.close();
  }

  private static HikariConfig hikari(DatabaseConfig config) {
    HikariConfig hikari = new HikariConfig();
    hikari.setJdbcUrl(config.url());
    hikari.setUsername(config.user());
    hikari.setPassword(config.password());
    hikari.setMaximumPoolSize(config.poolSize());
    hikari.setConnectionTimeout(config.connectionTimeout().toMillis());
    hikari.setIdleTimeout(config.idleTimeout().toMillis());
    hikari.setMaxLifetime(config.maxLifetime().toMillis());
    hikari.setPoolName("bourse");
    if (config.dialect() == Dialect.POSTGRESQL) {
      // One round trip for a whole batch of inserts instead of one per row.
      hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
    }
    return hikari;
  }

  private static String rootCause(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause.getMessage();
  }
}
