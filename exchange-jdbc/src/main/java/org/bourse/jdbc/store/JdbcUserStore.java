package org.bourse.jdbc.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.bourse.store.Fields;
import org.bourse.store.NewUser;
import org.bourse.store.Role;
import org.bourse.store.StoreConflictException;
import org.bourse.store.User;
import org.bourse.store.UserStatus;
import org.bourse.store.UserStore;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.Update;

/** {@link UserStore} on the {@code users} table. */
final class JdbcUserStore implements UserStore {

  private static final String COLUMNS =
      "id, email, password_hash, status, roles, kyc_level, created_at_ms, updated_at_ms,"
          + " row_version";

  private final Transactor transactor;
  private final Clock clock;

  JdbcUserStore(Transactor transactor, Clock clock) {
    this.transactor = transactor;
    this.clock = clock;
  }

  @Override
  public User create(NewUser user) {
    long now = clock.millis();
    String emailKey = NewUser.emailKey(user.email());
    return transactor.inTransaction(
        handle -> {
          // ON CONFLICT DO NOTHING rather than catching the unique violation: a failed statement
          // would abort the caller's transaction on PostgreSQL.
          Optional<Long> id =
              handle
                  .createUpdate(
                      """
                      INSERT INTO users (email, email_key, password_hash, status, roles,
                                         kyc_level, created_at_ms, updated_at_ms, row_version)
                      VALUES (:email, :emailKey, :passwordHash, :status, :roles,
                              :kycLevel, :now, :now, 1)
                      ON CONFLICT DO NOTHING
                      """)
                  .bind("email", user.email())
                  .bind("emailKey", emailKey)
                  .bind("passwordHash", user.passwordHash())
                  .bind("status", user.status().name())
                  .bind("roles", Columns.names(user.roles()))
                  .bind("kycLevel", user.kycLevel())
                  .bind("now", now)
                  .executeAndReturnGeneratedKeys("id")
                  .mapTo(Long.class)
                  .findOne();
          if (id.isPresent()) {
            return find(handle, id.get()).orElseThrow();
          }
          boolean emailTaken =
              handle
                      .createQuery("SELECT COUNT(*) FROM users WHERE email_key = :emailKey")
                      .bind("emailKey", emailKey)
                      .mapTo(Integer.class)
                      .one()
                  > 0;
          if (emailTaken) {
            // No address in the message: it is personal data, and conflicts get logged.
            throw new StoreConflictException("email is already registered");
          }
          throw new IllegalStateException(
              "inserting a user conflicted on a key other than the email (is the users id"
                  + " sequence behind the table?)");
        });
  }

  @Override
  public Optional<User> findById(long userId) {
    return transactor.inTransaction(handle -> find(handle, userId));
  }

  @Override
  public Optional<User> findByEmail(String email) {
    String key;
    try {
      key = NewUser.emailKey(email);
    } catch (IllegalArgumentException malformed) {
      return Optional.empty();
    }
    return transactor.inTransaction(
        handle ->
            handle
                .createQuery("SELECT " + COLUMNS + " FROM users WHERE email_key = :key")
                .bind("key", key)
                .map(JdbcUserStore::user)
                .findOne());
  }

  @Override
  public User updateStatus(long userId, long expectedVersion, UserStatus status) {
    String name = Objects.requireNonNull(status, "status").name();
    return update(userId, expectedVersion, "status = :value", update -> update.bind("value", name));
  }

  @Override
  public User updateRoles(long userId, long expectedVersion, Set<Role> roles) {
    String names = Columns.names(Fields.nonEmpty(roles, "roles", "role"));
    return update(userId, expectedVersion, "roles = :value", update -> update.bind("value", names));
  }

  @Override
  public User updateKycLevel(long userId, long expectedVersion, int kycLevel) {
    Fields.between(kycLevel, "kycLevel", 0, NewUser.MAX_KYC_LEVEL);
    return update(
        userId, expectedVersion, "kyc_level = :value", update -> update.bind("value", kycLevel));
  }

  @Override
  public User updatePasswordHash(long userId, long expectedVersion, String passwordHash) {
    Fields.text(passwordHash, "passwordHash", 512);
    return update(
        userId,
        expectedVersion,
        "password_hash = :value",
        update -> update.bind("value", passwordHash));
  }

  /** A compare-and-set on the row version; {@code assignment} is a constant of this class. */
  private User update(
      long userId, long expectedVersion, String assignment, Consumer<Update> binder) {
    long now = clock.millis();
    return transactor.inTransaction(
        handle -> {
          Update update =
              handle
                  .createUpdate(
                      "UPDATE users SET "
                          + assignment
                          + ", updated_at_ms = :now, row_version = row_version + 1"
                          + " WHERE id = :id AND row_version = :version")
                  .bind("now", now)
                  .bind("id", userId)
                  .bind("version", expectedVersion);
          binder.accept(update);
          if (update.execute() == 0) {
            User current =
                find(handle, userId)
                    .orElseThrow(
                        () -> new IllegalArgumentException("userId " + userId + " does not exist"));
            throw new StoreConflictException(
                "user "
                    + userId
                    + " was changed concurrently: expected version "
                    + expectedVersion
                    + ", found "
                    + current.version());
          }
          return find(handle, userId).orElseThrow();
        });
  }

  private static Optional<User> find(Handle handle, long userId) {
    return handle
        .createQuery("SELECT " + COLUMNS + " FROM users WHERE id = :id")
        .bind("id", userId)
        .map(JdbcUserStore::user)
        .findOne();
  }

  private static User user(ResultSet row, StatementContext context) throws SQLException {
    return new User(
        row.getLong("id"),
        row.getString("email"),
        row.getString("password_hash"),
        UserStatus.valueOf(row.getString("status")),
        Columns.enumSet(row.getString("roles"), Role.class),
        row.getInt("kyc_level"),
        Columns.instant(row, "created_at_ms"),
        Columns.instant(row, "updated_at_ms"),
        row.getLong("row_version"));
  }
}
