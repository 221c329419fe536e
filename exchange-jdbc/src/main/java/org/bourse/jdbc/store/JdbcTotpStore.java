package org.bourse.jdbc.store;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.bourse.store.Fields;
import org.bourse.store.StoreConflictException;
import org.bourse.store.TotpEnrolment;
import org.bourse.store.TotpStore;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * {@link TotpStore} on {@code totp_enrolments} (seed sealed by a {@link SecretBox}, bound to the
 * user id) and {@code recovery_codes} (SHA-256 of user id and code; see {@link Tokens} for why a
 * fast hash suffices for 80 random bits).
 */
final class JdbcTotpStore implements TotpStore {

  /** Tries of an enrolment that keeps racing with others for the same user. */
  private static final int ENROL_ATTEMPTS = 3;

  /** 16 base32 characters: 80 random bits per recovery code. */
  private static final int CODE_CHARS = 16;

  private final Transactor transactor;
  private final Clock clock;
  private final SecretBox box;
  private final Tokens tokens;

  JdbcTotpStore(Transactor transactor, Clock clock, SecretBox box, Tokens tokens) {
    this.transactor = transactor;
    this.clock = clock;
    this.box = box;
    this.tokens = tokens;
  }

  @Override
  public void enrol(long userId, byte[] seed) {
    Objects.requireNonNull(seed, "seed");
    Fields.between(seed.length, "seed length in bytes", 16, 64);
    String sealed = box.seal(seed, context(userId));
    long now = clock.millis();
    Transactor.forUser(
        userId,
        () ->
            transactor.inTransaction(
                handle -> {
                  for (int attempt = 1; attempt <= ENROL_ATTEMPTS; attempt++) {
                    if (tryEnrol(handle, userId, sealed, now)) {
                      return null;
                    }
                  }
                  throw new StoreConflictException(
                      "userId " + userId + " is being enrolled concurrently; try again");
                }));
  }

  /**
   * Replaces an unconfirmed seed, else inserts one; false if neither happened because a concurrent
   * enrolment inserted or removed the row in between (then the caller tries again).
   *
   * @throws StoreConflictException if the user has a confirmed enrolment
   */
  private static boolean tryEnrol(Handle handle, long userId, String sealed, long now) {
    int replaced =
        handle
            .createUpdate(
                """
                UPDATE totp_enrolments
                   SET seed_encrypted = :seed, created_at_ms = :now, last_used_step = NULL
                 WHERE user_id = :userId AND NOT confirmed
                """)
            .bind("seed", sealed)
            .bind("now", now)
            .bind("userId", userId)
            .execute();
    if (replaced == 1) {
      return true;
    }
    int inserted =
        handle
            .createUpdate(
                """
                INSERT INTO totp_enrolments (user_id, seed_encrypted, confirmed, created_at_ms)
                VALUES (:userId, :seed, FALSE, :now)
                ON CONFLICT DO NOTHING
                """)
            .bind("userId", userId)
            .bind("seed", sealed)
            .bind("now", now)
            .execute();
    if (inserted == 1) {
      return true;
    }
    boolean confirmed =
        handle
            .createQuery("SELECT confirmed FROM totp_enrolments WHERE user_id = :userId")
            .bind("userId", userId)
            .mapTo(Boolean.class)
            .findOne()
            .orElse(false);
    if (confirmed) {
      throw new StoreConflictException(
          "userId " + userId + " already has a confirmed TOTP enrolment; remove it first");
    }
    return false;
  }

  @Override
  public Optional<TotpEnrolment> find(long userId) {
    return transactor.inTransaction(
        handle ->
            handle
                .createQuery(
                    "SELECT seed_encrypted, confirmed, created_at_ms, confirmed_at_ms,"
                        + " last_used_step FROM totp_enrolments WHERE user_id = :userId")
                .bind("userId", userId)
                .map(
                    (row, context) ->
                        new TotpEnrolment(
                            userId,
                            box.open(row.getString("seed_encrypted"), context(userId)),
                            row.getBoolean("confirmed"),
                            Columns.instant(row, "created_at_ms"),
                            Columns.optionalInstant(row, "confirmed_at_ms"),
                            Columns.optionalLong(row, "last_used_step")))
                .findOne());
  }

  @Override
  public boolean confirm(long userId, long timeStep) {
    validTimeStep(timeStep);
    long now = clock.millis();
    return transactor.inTransaction(
        handle ->
            handle
                    .createUpdate(
                        """
                        UPDATE totp_enrolments
                           SET confirmed = TRUE, confirmed_at_ms = :now, last_used_step = :step
                         WHERE user_id = :userId AND NOT confirmed
                           AND (last_used_step IS NULL OR last_used_step < :step)
                        """)
                    .bind("now", now)
                    .bind("step", timeStep)
                    .bind("userId", userId)
                    .execute()
                == 1);
  }

  @Override
  public boolean acceptTimeStep(long userId, long timeStep) {
    validTimeStep(timeStep);
    return update(
        "UPDATE totp_enrolments SET last_used_step = :value WHERE user_id = :userId"
            + " AND (last_used_step IS NULL OR last_used_step < :value)",
        userId,
        timeStep);
  }

  @Override
  public boolean remove(long userId) {
    return transactor.inTransaction(
        handle -> {
          handle
              .createUpdate("DELETE FROM recovery_codes WHERE user_id = :userId")
              .bind("userId", userId)
              .execute();
          return handle
                  .createUpdate("DELETE FROM totp_enrolments WHERE user_id = :userId")
                  .bind("userId", userId)
                  .execute()
              == 1;
        });
  }

  @Override
  public List<String> replaceRecoveryCodes(long userId, int count) {
    Fields.between(count, "count", 1, 20);
    List<String> codes = new ArrayList<>();
    while (codes.size() < count) {
      String code = tokens.base32(CODE_CHARS);
      if (!codes.contains(code)) {
        codes.add(code);
      }
    }
    long now = clock.millis();
    Transactor.forUser(
        userId,
        () ->
            transactor.inTransaction(
                handle -> {
                  handle
                      .createUpdate("DELETE FROM recovery_codes WHERE user_id = :userId")
                      .bind("userId", userId)
                      .execute();
                  PreparedBatch batch =
                      handle.prepareBatch(
                          "INSERT INTO recovery_codes (user_id, code_hash, created_at_ms)"
                              + " VALUES (:userId, :hash, :now)");
                  for (String code : codes) {
                    batch
                        .bind("userId", userId)
                        .bind("hash", codeHash(userId, code))
                        .bind("now", now)
                        .add();
                  }
                  return batch.execute();
                }));
    return codes.stream().map(JdbcTotpStore::grouped).toList();
  }

  @Override
  public boolean consumeRecoveryCode(long userId, String code) {
    Objects.requireNonNull(code, "code");
    String normal = code.replaceAll("[\\s-]", "").toLowerCase(Locale.ROOT);
    if (normal.length() != CODE_CHARS) {
      return false;
    }
    // Deleted, not marked used: a used code is worth nothing, and the table stays small.
    return transactor.inTransaction(
        handle ->
            handle
                    .createUpdate(
                        "DELETE FROM recovery_codes WHERE user_id = :userId AND code_hash = :hash")
                    .bind("userId", userId)
                    .bind("hash", codeHash(userId, normal))
                    .execute()
                == 1);
  }

  @Override
  public int remainingRecoveryCodes(long userId) {
    return transactor.inTransaction(
        handle ->
            handle
                .createQuery("SELECT COUNT(*) FROM recovery_codes WHERE user_id = :userId")
                .bind("userId", userId)
                .mapTo(Integer.class)
                .one());
  }

  private boolean update(String sql, long userId, long value) {
    return transactor.inTransaction(
        handle ->
            handle.createUpdate(sql).bind("userId", userId).bind("value", value).execute() == 1);
  }

  private static void validTimeStep(long timeStep) {
    if (timeStep < 0) {
      throw new IllegalArgumentException("timeStep must not be negative, was " + timeStep);
    }
  }

  /** The associated data that binds a sealed seed to its user. */
  private static String context(long userId) {
    return "totp:" + userId;
  }

  /** Salted with the user id so that equal codes of two users hash differently. */
  private static String codeHash(long userId, String normalCode) {
    return Tokens.sha256Hex(userId + ":" + normalCode);
  }

  private static String grouped(String code) {
    return code.substring(0, 4)
        + "-"
        + code.substring(4, 8)
        + "-"
        + code.substring(8, 12)
        + "-"
        + code.substring(12);
  }
}
