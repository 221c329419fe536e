package org.bourse.jdbc;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
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
 * @param url a {@code jdbc:postgresql:} or {@code jdbc:h2:} URL; an H2 URL must set {@code
 *     MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;WRITE_DELAY=0}
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

  /** Setting name of {@link #url} in {@link #fromProperties}, and in error messages. */
  public static final String URL = "bourse.db.url";

  /** Setting name of {@link #user}. */
  public static final String USER = "bourse.db.user";

  /** Setting name of {@link #password}. */
  public static final String PASSWORD = "bourse.db.password";

  /** Setting name of {@link #poolSize}. */
  public static final String POOL_SIZE = "bourse.db.pool-size";

  /** Setting name of {@link #connectionTimeout}, in milliseconds. */
  public static final String CONNECTION_TIMEOUT_MS = "bourse.db.connection-timeout-ms";

  /** Setting name of {@link #idleTimeout}, in milliseconds. */
  public static final String IDLE_TIMEOUT_MS = "bourse.db.idle-timeout-ms";

  /** Setting name of {@link #maxLifetime}, in milliseconds. */
  public static final String MAX_LIFETIME_MS = "bourse.db.max-lifetime-ms";

  /**
   * What an H2 URL must set: the shared SQL is written for PostgreSQL (lower-case names, {@code
   * BYTEA}, {@code ON CONFLICT}), and a commit must reach the file before it returns (H2's default
   * write delay keeps committed changes in memory for up to a second, so a crash right after an
   * acknowledgement would lose them).
   */
  static final List<String> H2_REQUIRED_SETTINGS =
      List.of("MODE=PostgreSQL", "DATABASE_TO_LOWER=TRUE", "WRITE_DELAY=0");

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
    Dialect dialect;
    try {
      dialect = Dialect.of(url);
    } catch (IllegalArgumentException unknown) {
      throw new IllegalArgumentException(URL + ": " + unknown.getMessage(), unknown);
    }
    if (dialect == Dialect.H2) {
      List<String> settings =
          Arrays.stream(url.split(";"))
              .skip(1)
              .map(s -> s.strip().toUpperCase(Locale.ROOT))
              .toList();
      for (String required : H2_REQUIRED_SETTINGS) {
        if (!settings.contains(required.toUpperCase(Locale.ROOT))) {
          throw new IllegalArgumentException(
              URL
                  + ": an H2 URL must set "
                  + String.join(";", H2_REQUIRED_SETTINGS)
                  + ", missing "
                  + required
                  + " in "
                  + redact(url));
        }
      }
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
            + ";"
            + String.join(";", H2_REQUIRED_SETTINGS)
            + ";DEFAULT_NULL_ORDERING=HIGH",
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

  /**
   * The URL without its parameters (after {@code ?}) or settings (after {@code ;}), which may carry
   * a password: what messages and logs show.
   */
  public String redactedUrl() {
    return redact(url);
  }

  /** Never prints the password, nor URL parameters that may hold one. */
  @Override
  public String toString() {
    return "DatabaseConfig[url="
        + redactedUrl()
        + ", user="
        + user
        + ", poolSize="
        + poolSize
        + "]";
  }

  private static String redact(String url) {
    int end = url.length();
    for (char separator : new char[] {'?', ';'}) {
      int at = url.indexOf(separator);
      if (at >= 0 && at < end) {
        end = at;
      }
    }
    return end == url.length() ? url : url.substring(0, end) + "…";
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
