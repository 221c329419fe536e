package org.bourse.jdbc;

/**
 * The SQL databases Bourse stores into. The migrations and queries are shared; where the two differ
 * (bulk insert, row locking), the code asks the dialect.
 *
 * <p><b>Thread-safety:</b> immutable.
 */
public enum Dialect {
  /** PostgreSQL 13 or newer, for production. */
  POSTGRESQL,
  /** Embedded H2 2.x in PostgreSQL compatibility mode, the zero-setup default. */
  H2;

  /** The dialect a JDBC URL names; throws a message naming the URL when it is neither. */
  static Dialect of(String jdbcUrl) {
    if (jdbcUrl.startsWith("jdbc:postgresql:")) {
      return POSTGRESQL;
    }
    if (jdbcUrl.startsWith("jdbc:h2:")) {
      return H2;
    }
    throw new IllegalArgumentException(
        "database url must start with jdbc:postgresql: or jdbc:h2:, was " + jdbcUrl);
  }
}
