/**
 * The history projection: read models of an exchange's results in a SQL database, kept exactly
 * once, rebuildable from the journal, and queried with keyset pagination.
 *
 * <ul>
 *   <li>{@link org.bourse.jdbc.projection.Projection}: the tables in a database; catch-up, rebuild
 *       and queries.
 *   <li>{@link org.bourse.jdbc.projection.Projector}: keeps them up to date with a running runtime.
 *   <li>{@link org.bourse.jdbc.projection.JournalSource}: where missed history is replayed from.
 *   <li>{@link org.bourse.jdbc.projection.HistoryQueries}: orders, trades, statements, candles.
 *   <li>{@link org.bourse.jdbc.projection.Reconciliation}: compares the tables with a replay of the
 *       journal.
 * </ul>
 */
package org.bourse.jdbc.projection;
