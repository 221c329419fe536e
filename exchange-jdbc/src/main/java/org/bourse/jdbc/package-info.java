/**
 * SQL storage for Bourse on PostgreSQL (production) and embedded H2 (the zero-setup default):
 * {@link org.bourse.jdbc.Database} (connection pool and migrations, configured by {@link
 * org.bourse.jdbc.DatabaseConfig}) and {@link org.bourse.jdbc.JdbcJournal}, the core journal port
 * on a table. Projections and history queries are in {@code org.bourse.jdbc.projection}, the
 * server's stores in {@code org.bourse.jdbc.store}.
 */
package org.bourse.jdbc;
