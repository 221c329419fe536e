/**
 * The stores the reference server needs, as ports: users, API keys, refresh-token families, TOTP
 * enrolments with recovery codes, idempotency keys, the notification outbox and the in-app inbox.
 *
 * <p>This package holds interfaces, value types, enums and the argument checks they share with the
 * adapters ({@link Fields}); it names no JDBC or Jdbi type. The JDBC adapters (PostgreSQL and H2)
 * are made by {@code org.bourse.jdbc.store.Stores}.
 *
 * <p>Conventions shared by every store: times are {@link java.time.Instant}s with millisecond
 * precision, read from the {@link java.time.Clock} the stores were opened with; bad arguments are
 * an {@link IllegalArgumentException} whose message names the field and the rule (messages carry no
 * personal data such as email addresses, and echo other input cut and escaped); a lost race or a
 * duplicate is a {@link StoreConflictException}; expected outcomes of a race that callers must
 * handle (a reused refresh token, a repeated idempotency key) are values, not exceptions. Secrets
 * that must be recovered are encrypted at rest, and secrets that need only be checked are stored
 * hashed; the plaintext is never written to the database.
 */
package org.bourse.store;
