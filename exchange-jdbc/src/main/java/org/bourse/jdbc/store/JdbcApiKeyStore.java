package org.bourse.jdbc.store;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bourse.store.ApiKey;
import org.bourse.store.ApiKeyStore;
import org.bourse.store.ApiKeyWithSecret;
import org.bourse.store.ApiScope;
import org.bourse.store.IpAllowList;
import org.bourse.store.NewApiKey;
import org.jdbi.v3.core.statement.StatementContext;

/** {@link ApiKeyStore} on the {@code api_keys} table; secrets sealed by a {@link SecretBox}. */
final class JdbcApiKeyStore implements ApiKeyStore {

  private static final String COLUMNS =
      "key_id, user_id, label, scopes, ip_allow_list, created_at_ms, last_used_at_ms,"
          + " revoked_at_ms";

  private final Transactor transactor;
  private final Clock clock;
  private final SecretBox box;
  private final Tokens tokens;

  JdbcApiKeyStore(Transactor transactor, Clock clock, SecretBox box, Tokens tokens) {
    this.transactor = transactor;
    this.clock = clock;
    this.box = box;
    this.tokens = tokens;
  }

  @Override
  public ApiKeyWithSecret create(NewApiKey key) {
    String keyId = tokens.token(16);
    String secret = tokens.token(32);
    String sealed =
        box.seal(
            secret.getBytes(StandardCharsets.UTF_8), context(keyId, key.userId(), key.scopes()));
    long now = clock.millis();
    return Transactor.forUser(key.userId(), () -> insert(key, keyId, secret, sealed, now));
  }

  private ApiKeyWithSecret insert(
      NewApiKey key, String keyId, String secret, String sealed, long now) {
    return transactor.inTransaction(
        handle -> {
          handle
              .createUpdate(
                  """
                  INSERT INTO api_keys (key_id, user_id, secret_encrypted, label, scopes,
                                        ip_allow_list, created_at_ms)
                  VALUES (:keyId, :userId, :secret, :label, :scopes, :ipAllowList, :now)
                  """)
              .bind("keyId", keyId)
              .bind("userId", key.userId())
              .bind("secret", sealed)
              .bind("label", key.label())
              .bind("scopes", Columns.names(key.scopes()))
              .bind("ipAllowList", String.join(",", key.ipAllowList().entries()))
              .bind("now", now)
              .execute();
          return new ApiKeyWithSecret(
              new ApiKey(
                  keyId,
                  key.userId(),
                  key.label(),
                  key.scopes(),
                  key.ipAllowList(),
                  Instant.ofEpochMilli(now),
                  Optional.empty(),
                  Optional.empty()),
              secret);
        });
  }

  @Override
  public Optional<ApiKeyWithSecret> findByKeyId(String keyId) {
    if (keyId == null || keyId.length() > 64) {
      return Optional.empty();
    }
    return transactor.inTransaction(
        handle ->
            handle
                .createQuery(
                    "SELECT " + COLUMNS + ", secret_encrypted FROM api_keys WHERE key_id = :keyId")
                .bind("keyId", keyId)
                .map(
                    (row, context) -> {
                      ApiKey key = apiKey(row, context);
                      byte[] secret =
                          box.open(
                              row.getString("secret_encrypted"),
                              context(key.keyId(), key.userId(), key.scopes()));
                      return new ApiKeyWithSecret(key, new String(secret, StandardCharsets.UTF_8));
                    })
                .findOne());
  }

  @Override
  public List<ApiKey> listForUser(long userId) {
    return transactor.inTransaction(
        handle ->
            handle
                .createQuery(
                    "SELECT "
                        + COLUMNS
                        + " FROM api_keys WHERE user_id = :userId ORDER BY created_at_ms, key_id")
                .bind("userId", userId)
                .map(JdbcApiKeyStore::apiKey)
                .list());
  }

  @Override
  public boolean touch(String keyId) {
    long now = clock.millis();
    return transactor.inTransaction(
        handle ->
            handle
                    .createUpdate(
                        "UPDATE api_keys SET last_used_at_ms = :now WHERE key_id = :keyId")
                    .bind("now", now)
                    .bind("keyId", keyId)
                    .execute()
                == 1);
  }

  @Override
  public boolean revoke(long userId, String keyId) {
    long now = clock.millis();
    return transactor.inTransaction(
        handle ->
            handle
                    .createUpdate(
                        "UPDATE api_keys SET revoked_at_ms = :now"
                            + " WHERE key_id = :keyId AND user_id = :userId"
                            + " AND revoked_at_ms IS NULL")
                    .bind("now", now)
                    .bind("keyId", keyId)
                    .bind("userId", userId)
                    .execute()
                == 1);
  }

  /**
   * The associated data that binds a sealed secret to its key id, its owner and its scopes: moving
   * the row to another user or widening its scopes in the database makes the secret fail to
   * decrypt, rather than hand the key to someone it was not issued to.
   */
  private static String context(String keyId, long userId, Set<ApiScope> scopes) {
    return "api-key:" + keyId + ";user:" + userId + ";scopes:" + Columns.names(scopes);
  }

  private static ApiKey apiKey(ResultSet row, StatementContext context) throws SQLException {
    String allowList = row.getString("ip_allow_list");
    return new ApiKey(
        row.getString("key_id"),
        row.getLong("user_id"),
        row.getString("label"),
        Columns.enumSet(row.getString("scopes"), ApiScope.class),
        new IpAllowList(allowList.isEmpty() ? List.of() : Arrays.asList(allowList.split(","))),
        Columns.instant(row, "created_at_ms"),
        Columns.optionalInstant(row, "last_used_at_ms"),
        Columns.optionalInstant(row, "revoked_at_ms"));
  }
}
