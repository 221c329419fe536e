package org.bourse.jdbc;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Where and how to connect: a JDBC URL (PostgreSQL or H2), credentials, and the connection pool's
 * size and timeouts (HikariCP). {@link #embedded} needs nothing but a data directory.
 *
 * <p>Every setting is checked when the config is made; a bad one is an {@link
 * IllegalArgumentException} whose message names the setting (as in {@link #fromProperties}) and the
 * rule.
 *
 * <p><b>Thread-safety:</b> immutable.
 *
 * @param url a {@code jdbc:postgresql:} or {@code jdbc:h2:} URL
 * @param user user name; may be empty for H2
 * @param password password; may be empty (trust or peer authentication)
 * @param poolSize the most connections the pool opens, 1 to 200
 * @param connectionTimeout how long a caller waits for a connection, at least 250 ms
 * @param idleTimeout how long an unused connection is kept, 0 (forever) or at least 10 s
 * @param maxLifetime the longest a connection lives, 0 (forever) or at least 30 s
 */
public record DatabaseConfig(
    String url,
    String user,
    String password,
    int poolSize,
    Duration connectionTimeout,
    Duration idleTimeout,
    Duration maxLifetime) {

  /** The name of each setting in {@link #fromProperties}; also used in error messages. */
  public static final String URL = "bourse.db.url";

  public static final String USER = "bourse.db.user";
  public static final String PASSWORD = "bourse.db.password";
  public static final String POOL_SIZE = "bourse.db.pool-size";
  public static final String CONNECTION_TIMEOUT_MS = "bourse.db.connection-timeout-ms";
  public static final String IDLE_TIMEOUT_MS = "bourse.db.idle-timeout-ms";
  public static final String MAX_LIFETIME_MS = "bourse.db.max-lifetime-ms";

  private static final int DEFAULT_POOL_SIZE = 8;
  private static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(10);
  private static final Duration DEFAULT_MAX_LIFETIME = Duration.ofMinutes(30);

  public DatabaseConfig {
    Objects.requireNonNull(url, URL);
    Objects.requireNonNull(user, USER);
    Objects.requireNonNull(password, PASSWORD);
    Objects.requireNonNull(connectionTimeout, CONNECTION_TIMEOUT_MS);
    Objects.requireNonNull(idleTimeout, IDLE_TIMEOUT_MS);
    Objects.requireNonNull(maxLifetime, MAX_LIFETIME_MS);
    try {
      Dialect.of(url);
    } catch (IllegalArgumentException unknown) {
      throw new IllegalArgumentException(URL + ": " + unknown.getMessage(), unknown);
    }
    if (poolSize < 1 || poolSize > 200) {
      throw new IllegalArgumentException(POOL_SIZE + " must be between 1 and 200, was " + poolSize);
    }
    if (connectionTimeout.toMillis() < 250) {
      throw new IllegalArgumentException(
          CONNECTION_TIMEOUT_MS + " must be at least 250, was " + connectionTimeout.toMillis());
    }
    if (!idleTimeout.isZero() && idleTimeout.toMillis() < 10_000) {
      throw new IllegalArgumentException(
          IDLE_TIMEOUT_MS + " must be 0 or at least 10000, was " + idleTimeout.toMillis());
    }
    if (!maxLifetime.isZero() && maxLifetime.toMillis() < 30_000) {
      throw new IllegalArgumentException(
          MAX_LIFETIME_MS + " must be 0 or at least 30000, was " + maxLifetime.toMillis());
    }
  }

  /**
   * The embedded default: an H2 database in {@code dataDirectory/db} (created if absent) in
   * PostgreSQL compatibility mode, with a small pool.
   */
  public static DatabaseConfig embedded(Path dataDirectory) {
    Path file = dataDirectory.toAbsolutePath().resolve("db").resolve("bourse");
    return new DatabaseConfig(
        "jdbc:h2:file:"
            + file
            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH",
        "",
        "",
        4,
        DEFAULT_CONNECTION_TIMEOUT,
        DEFAULT_IDLE_TIMEOUT,
        DEFAULT_MAX_LIFETIME);
  }

  /** A database at {@code url} with the default pool size (8) and timeouts. */
  public static DatabaseConfig of(String url, String user, String password) {
    return new DatabaseConfig(
        url,
        user,
        password,
        DEFAULT_POOL_SIZE,
        DEFAULT_CONNECTION_TIMEOUT,
        DEFAULT_IDLE_TIMEOUT,
        DEFAULT_MAX_LIFETIME);
  }

  /**
   * Reads the settings named by the constants of this class (e.g. from environment-derived or file
   * properties). {@link #URL} is required; the others default as in {@link #of}.
   *
   * @throws IllegalArgumentException naming the setting that is missing or malformed
   */
  public static DatabaseConfig fromProperties(Map<String, String> properties) {
    String url = properties.get(URL);
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException(URL + " is required");
    }
    return new DatabaseConfig(
        url.strip(),
        properties.getOrDefault(USER, ""),
        properties.getOrDefault(PASSWORD, ""),
        (int) number(properties, POOL_SIZE, DEFAULT_POOL_SIZE),
        Duration.ofMillis(
            number(properties, CONNECTION_TIMEOUT_MS, DEFAULT_CONNECTION_TIMEOUT.toMillis())),
        Duration.ofMillis(number(properties, IDLE_TIMEOUT_MS, DEFAULT_IDLE_TIMEOUT.toMillis())),
        Duration.ofMillis(number(properties, MAX_LIFETIME_MS, DEFAULT_MAX_LIFETIME.toMillis())));
  }

  /** This config with another pool size. */
  public DatabaseConfig withPoolSize(int size) {
    return new DatabaseConfig(
        url, user, password, size, connectionTimeout, idleTimeout, maxLifetime);
  }

  /** The database this config connects to. */
  public Dialect dialect() {
    return Dialect.of(url);
  }

  /** Never prints the password. */
  @Override
  public String toString() {
    return "DatabaseConfig[url=" + url + ", user=" + user + ", poolSize=" + poolSize + "]";
  }

  private static long number(Map<String, String> properties, String name, long fallback) {
    String text = properties.get(name);
    if (text == null || text.isBlank()) {
      return fallback;
    }
    try {
      long value = Long.parseLong(text.strip());
      if (value < 0 || value > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            name + " must be a whole number from 0 to " + Integer.MAX_VALUE + ", was " + text);
      }
      return value;
    } catch (NumberFormatException notANumber) {
      throw new IllegalArgumentException(name + " must be a whole number, was " + text);
    }
  }
}
