/**
 * JDBC adapters (PostgreSQL and H2 in PostgreSQL mode, one set of SQL) for the ports of {@link
 * org.bourse.store}, opened through {@link org.bourse.jdbc.store.Stores}. Tables come from the
 * {@code V3__stores.sql} migration; times are stored as epoch milliseconds.
 *
 * <p>Only {@link org.bourse.jdbc.store.Stores} and {@link org.bourse.jdbc.store.SecretKeys} are
 * public; the adapters, the AES-GCM sealing and the Argon2id hasher are package-private.
 */
package org.bourse.jdbc.store;
