package org.bourse.jdbc.store;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.bourse.store.Fields;
import org.bourse.store.IdempotencyClaim;
import org.bourse.store.IdempotencyStore;
import org.bourse.store.StoredResponse;
import org.jdbi.v3.core.Handle;

/**
 * {@link IdempotencyStore} on the {@code idempotency_keys} table.
 *
 * <p>A claim is {@code INSERT ... ON CONFLICT DO NOTHING} on the primary key (user, key), which
 * PostgreSQL and H2 in PostgreSQL mode both accept: exactly one concurrent caller inserts the row;
 * the others insert nothing (waiting for the winner's commit) and read the winner's row. If that
 * row is gone by the time they read it (released or purged in between), they try the insert again.
 *
 * <p>Each claim stores a random token; completing and releasing match it, so a request that
 * outlived its claim cannot complete or release the claim of a later request with the same key.
 */
final class JdbcIdempotencyStore implements IdempotencyStore {

  private static final Duration MIN_TTL = Duration.ofSeconds(1);
  private static final Duration MAX_TTL = Duration.ofDays(30);

  /** Inserts tried before giving up on a key that keeps being freed and taken again. */
  private static final int CLAIM_ATTEMPTS = 3;

  private final Transactor transactor;
  private final Clock clock;
  private final Tokens tokens;

  JdbcIdempotencyStore(Transactor transactor, Clock clock, Tokens tokens) {
    this.transactor = transactor;
    this.clock = clock;
    this.tokens = tokens;
  }

  @Override
  public IdempotencyClaim claim(long userId, String key, String fingerprint, Duration timeToLive) {
    validKey(key);
    Fields.text(fingerprint, "fingerprint", 128);
    Fields.between(timeToLive, "timeToLive", MIN_TTL, MAX_TTL);
    String claimToken = tokens.token(16);
    long now = clock.millis();
    long expiresAtMs = now + timeToLive.toMillis();
    return Transactor.forUser(
        userId,
        () ->
            transactor.inTransaction(
                handle -> {
                  for (int attempt = 1; attempt < CLAIM_ATTEMPTS; attempt++) {
                    Optional<IdempotencyClaim> outcome =
                        tryClaim(handle, userId, key, fingerprint, claimToken, now, expiresAtMs);
                    if (outcome.isPresent()) {
                      return outcome.get();
                    }
                  }
                  // The key was taken and freed again at every attempt: someone is busy with it.
                  return tryClaim(handle, userId, key, fingerprint, claimToken, now, expiresAtMs)
                      .orElse(new IdempotencyClaim.InProgress());
                }));
  }

  /** The outcome, or empty if the key was taken when inserting but is free again. */
  private static Optional<IdempotencyClaim> tryClaim(
      Handle handle,
      long userId,
      String key,
      String fingerprint,
      String claimToken,
      long now,
      long expiresAtMs) {
    handle
        .createUpdate(
            "DELETE FROM idempotency_keys WHERE user_id = :userId AND idempotency_key = :key"
                + " AND expires_at_ms <= :now")
        .bind("userId", userId)
        .bind("key", key)
        .bind("now", now)
        .execute();
    int inserted =
        handle
            .createUpdate(
                """
                INSERT INTO idempotency_keys (user_id, idempotency_key, fingerprint, claim_token,
                                              status, created_at_ms, expires_at_ms)
                VALUES (:userId, :key, :fingerprint, :claimToken, 'IN_PROGRESS', :now,
                        :expiresAtMs)
                ON CONFLICT DO NOTHING
                """)
            .bind("userId", userId)
            .bind("key", key)
            .bind("fingerprint", fingerprint)
            .bind("claimToken", claimToken)
            .bind("now", now)
            .bind("expiresAtMs", expiresAtMs)
            .execute();
    if (inserted == 1) {
      return Optional.of(new IdempotencyClaim.Claimed(claimToken));
    }
    return handle
        .createQuery(
            "SELECT fingerprint, status, response_status, response_body FROM idempotency_keys"
                + " WHERE user_id = :userId AND idempotency_key = :key")
        .bind("userId", userId)
        .bind("key", key)
        .map(
            (row, context) -> {
              if (!row.getString("fingerprint").equals(fingerprint)) {
                return new IdempotencyClaim.FingerprintMismatch();
              }
              if (row.getString("status").equals("IN_PROGRESS")) {
                return new IdempotencyClaim.InProgress();
              }
              return (IdempotencyClaim)
                  new IdempotencyClaim.Completed(
                      new StoredResponse(
                          row.getInt("response_status"), row.getBytes("response_body")));
            })
        .findOne();
  }

  @Override
  public void complete(long userId, String key, String claimToken, StoredResponse response) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(claimToken, "claimToken");
    Objects.requireNonNull(response, "response");
    int updated =
        transactor.inTransaction(
            handle ->
                handle
                    .createUpdate(
                        """
                        UPDATE idempotency_keys
                           SET status = 'COMPLETED', response_status = :statusCode,
                               response_body = :body
                         WHERE user_id = :userId AND idempotency_key = :key
                           AND claim_token = :claimToken AND status = 'IN_PROGRESS'
                        """)
                    .bind("statusCode", response.statusCode())
                    .bind("body", response.body())
                    .bind("userId", userId)
                    .bind("key", key)
                    .bind("claimToken", claimToken)
                    .execute());
    if (updated == 0) {
      throw new IllegalStateException(
          "idempotency key "
              + Fields.quoted(key)
              + " of userId "
              + userId
              + " is not in progress under this claim (it expired, or was completed or released)");
    }
  }

  @Override
  public boolean release(long userId, String key, String claimToken) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(claimToken, "claimToken");
    return transactor.inTransaction(
        handle ->
            handle
                    .createUpdate(
                        "DELETE FROM idempotency_keys WHERE user_id = :userId"
                            + " AND idempotency_key = :key AND claim_token = :claimToken"
                            + " AND status = 'IN_PROGRESS'")
                    .bind("userId", userId)
                    .bind("key", key)
                    .bind("claimToken", claimToken)
                    .execute()
                == 1);
  }

  @Override
  public int purgeExpired() {
    long now = clock.millis();
    return transactor.inTransaction(
        handle ->
            handle
                .createUpdate("DELETE FROM idempotency_keys WHERE expires_at_ms <= :now")
                .bind("now", now)
                .execute());
  }

  private static void validKey(String key) {
    Objects.requireNonNull(key, "key");
    if (!key.matches("[A-Za-z0-9_.:-]{1,64}")) {
      throw new IllegalArgumentException(
          "key must be 1 to 64 letters, digits or '-_.:', was " + Fields.quoted(key));
    }
  }
}
