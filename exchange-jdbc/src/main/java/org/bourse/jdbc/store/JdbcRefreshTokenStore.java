package org.bourse.jdbc.store;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.bourse.store.Fields;
import org.bourse.store.RefreshToken;
import org.bourse.store.RefreshTokenStore;
import org.bourse.store.RevocationReason;
import org.bourse.store.Rotation;
import org.jdbi.v3.core.Handle;

/**
 * {@link RefreshTokenStore} on the {@code refresh_token_families} table.
 *
 * <p>A token is {@code familyId.secret}, both random; only the SHA-256 of the whole token is
 * stored. The family id in the token lets a replayed old token find its family, whose stored hash
 * no longer matches: that is reuse, and the family is revoked. Only someone who held a token of the
 * family knows its 128-bit id, so a stranger cannot revoke other people's sessions by guessing.
 *
 * <p>Rotation is a compare-and-set: {@code UPDATE ... WHERE token_hash = <presented>}. Of two
 * concurrent rotations of one token, the second finds the hash changed (both databases re-check the
 * condition after waiting for the first's row lock), updates nothing and revokes the family.
 */
final class JdbcRefreshTokenStore implements RefreshTokenStore {

  private static final int FAMILY_ID_CHARS = 22;
  private static final Duration MIN_LIFETIME = Duration.ofMinutes(1);
  private static final Duration MAX_LIFETIME = Duration.ofDays(400);

  private final Transactor transactor;
  private final Clock clock;
  private final Tokens tokens;

  JdbcRefreshTokenStore(Transactor transactor, Clock clock, Tokens tokens) {
    this.transactor = transactor;
    this.clock = clock;
    this.tokens = tokens;
  }

  @Override
  public RefreshToken start(long userId, Duration lifetime) {
    Fields.between(lifetime, "lifetime", MIN_LIFETIME, MAX_LIFETIME);
    String familyId = tokens.token(16);
    String token = familyId + "." + tokens.token(32);
    long now = clock.millis();
    long expiresAtMs = now + lifetime.toMillis();
    return Transactor.forUser(
        userId,
        () ->
            transactor.inTransaction(
                handle -> {
                  handle
                      .createUpdate(
                          """
                          INSERT INTO refresh_token_families (family_id, user_id, token_hash,
                              generation, created_at_ms, rotated_at_ms, expires_at_ms)
                          VALUES (:familyId, :userId, :hash, 1, :now, :now, :expiresAtMs)
                          """)
                      .bind("familyId", familyId)
                      .bind("userId", userId)
                      .bind("hash", Tokens.sha256Hex(token))
                      .bind("now", now)
                      .bind("expiresAtMs", expiresAtMs)
                      .execute();
                  return new RefreshToken(
                      token, familyId, userId, 1, Instant.ofEpochMilli(expiresAtMs));
                }));
  }

  @Override
  public Rotation rotate(String presentedToken) {
    if (presentedToken == null
        || presentedToken.length() > 128
        || presentedToken.indexOf('.') != FAMILY_ID_CHARS) {
      return new Rotation.Rejected(Rotation.Reason.UNKNOWN);
    }
    String familyId = presentedToken.substring(0, FAMILY_ID_CHARS);
    String presentedHash = Tokens.sha256Hex(presentedToken);
    long now = clock.millis();
    return transactor.inTransaction(handle -> rotate(handle, familyId, presentedHash, now));
  }

  private Rotation rotate(Handle handle, String familyId, String presentedHash, long now) {
    Family family =
        handle
            .createQuery(
                "SELECT user_id, token_hash, generation, expires_at_ms, revoked_at_ms"
                    + " FROM refresh_token_families WHERE family_id = :familyId")
            .bind("familyId", familyId)
            .map(
                (row, context) ->
                    new Family(
                        row.getLong("user_id"),
                        row.getString("token_hash"),
                        row.getLong("generation"),
                        row.getLong("expires_at_ms"),
                        Columns.optionalLong(row, "revoked_at_ms").isPresent()))
            .findOne()
            .orElse(null);
    if (family == null) {
      return new Rotation.Rejected(Rotation.Reason.UNKNOWN);
    }
    if (family.revoked) {
      return new Rotation.Rejected(Rotation.Reason.REVOKED);
    }
    if (family.expiresAtMs <= now) {
      return new Rotation.Rejected(Rotation.Reason.EXPIRED);
    }
    if (Tokens.sameHash(presentedHash, family.tokenHash)) {
      String next = familyId + "." + tokens.token(32);
      int swapped =
          handle
              .createUpdate(
                  """
                  UPDATE refresh_token_families
                     SET token_hash = :next, generation = generation + 1, rotated_at_ms = :now
                   WHERE family_id = :familyId AND token_hash = :presented
                     AND revoked_at_ms IS NULL
                  """)
              .bind("next", Tokens.sha256Hex(next))
              .bind("now", now)
              .bind("familyId", familyId)
              .bind("presented", presentedHash)
              .execute();
      if (swapped == 1) {
        return new Rotation.Rotated(
            new RefreshToken(
                next,
                familyId,
                family.userId,
                family.generation + 1,
                Instant.ofEpochMilli(family.expiresAtMs)));
      }
    }
    revoke(handle, familyId, RevocationReason.REUSE_DETECTED, now);
    return new Rotation.ReuseDetected(familyId, family.userId);
  }

  @Override
  public boolean revokeFamily(String familyId, RevocationReason reason) {
    Objects.requireNonNull(reason, "reason");
    long now = clock.millis();
    return transactor.inTransaction(handle -> revoke(handle, familyId, reason, now) == 1);
  }

  @Override
  public int revokeAllForUser(long userId, RevocationReason reason) {
    Objects.requireNonNull(reason, "reason");
    long now = clock.millis();
    return transactor.inTransaction(
        handle ->
            handle
                .createUpdate(
                    "UPDATE refresh_token_families SET revoked_at_ms = :now, revoked_reason ="
                        + " :reason WHERE user_id = :userId AND revoked_at_ms IS NULL")
                .bind("now", now)
                .bind("reason", reason.name())
                .bind("userId", userId)
                .execute());
  }

  @Override
  public int purgeEndedBefore(Instant cutoff) {
    long cutoffMs = Objects.requireNonNull(cutoff, "cutoff").toEpochMilli();
    return transactor.inTransaction(
        handle ->
            handle
                .createUpdate(
                    "DELETE FROM refresh_token_families WHERE expires_at_ms < :cutoffMs"
                        + " OR revoked_at_ms < :cutoffMs")
                .bind("cutoffMs", cutoffMs)
                .execute());
  }

  private static int revoke(Handle handle, String familyId, RevocationReason reason, long now) {
    return handle
        .createUpdate(
            "UPDATE refresh_token_families SET revoked_at_ms = :now, revoked_reason = :reason"
                + " WHERE family_id = :familyId AND revoked_at_ms IS NULL")
        .bind("now", now)
        .bind("reason", reason.name())
        .bind("familyId", familyId)
        .execute();
  }

  private record Family(
      long userId, String tokenHash, long generation, long expiresAtMs, boolean revoked) {}
}
