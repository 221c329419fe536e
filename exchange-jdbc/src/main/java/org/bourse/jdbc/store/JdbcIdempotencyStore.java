package org.bourse.jdbc.store;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
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
 * the others insert nothing (waiting for the winner's commit) and read the winner's row.
 */
final class JdbcIdempotencyStore implements IdempotencyStore {

  private static final Duration MIN_TTL = Duration.ofSeconds(1);
  private static final Duration MAX_TTL = Duration.ofDays(30);

  private final Transactor transactor;
  private final Clock clock;

  JdbcIdempotencyStore(Transactor transactor, Clock clock) {
    this.transactor = transactor;
    this.clock = clock;
  }

  @Override
  public IdempotencyClaim claim(long userId, String key, String fingerprint, Duration timeToLive) {
    validKey(key);
    Fields.text(fingerprint, "fingerprint", 128);
    Fields.between(timeToLive, "timeToLive", MIN_TTL, MAX_TTL);
    long now = clock.millis();
    return Transactor.forUser(
        userId,
        () ->
            transactor.inTransaction(
                handle -> claim(handle, userId, key, fingerprint, now, timeToLive.toMillis())));
  }

  private static IdempotencyClaim claim(
      Handle handle, long userId, String key, String fingerprint, long now, long ttlMs) {
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
                INSERT INTO idempotency_keys (user_id, idempotency_key, fingerprint, status,
                                              created_at_ms, expires_at_ms)
                VALUES (:userId, :key, :fingerprint, 'IN_PROGRESS', :now, :expiresAtMs)
                ON CONFLICT DO NOTHING
                """)
            .bind("userId", userId)
            .bind("key", key)
            .bind("fingerprint", fingerprint)
            .bind("now", now)
            .bind("expiresAtMs", now + ttlMs)
            .execute();
    if (inserted == 1) {
      return new IdempotencyClaim.Claimed();
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
        .one();
  }

  @Override
  public void complete(long userId, String key, StoredResponse response) {
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
                           AND status = 'IN_PROGRESS'
                        """)
                    .bind("statusCode", response.statusCode())
                    .bind("body", response.body())
                    .bind("userId", userId)
                    .bind("key", key)
                    .execute());
    if (updated == 0) {
      throw new IllegalStateException(
          "idempotency key '" + key + "' of userId " + userId + " is not claimed and in progress");
    }
  }

  @Override
  public boolean release(long userId, String key) {
    return transactor.inTransaction(
        handle ->
            handle
                    .createUpdate(
                        "DELETE FROM idempotency_keys WHERE user_id = :userId"
                            + " AND idempotency_key = :key AND status = 'IN_PROGRESS'")
                    .bind("userId", userId)
                    .bind("key", key)
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
          "key must be 1 to 64 letters, digits or '-_.:', was '" + key + "'");
    }
  }
}
