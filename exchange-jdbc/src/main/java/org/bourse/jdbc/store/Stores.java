package org.bourse.jdbc.store;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Function;
import org.bourse.jdbc.Database;
import org.bourse.store.ApiKeyStore;
import org.bourse.store.IdempotencyStore;
import org.bourse.store.InboxStore;
import org.bourse.store.NotificationOutbox;
import org.bourse.store.PasswordHasher;
import org.bourse.store.PasswordParameters;
import org.bourse.store.RefreshTokenStore;
import org.bourse.store.StoreTransaction;
import org.bourse.store.TotpStore;
import org.bourse.store.UserStore;
import org.jdbi.v3.core.Handle;

/**
 * The server's stores on one {@link Database}: each port of {@code org.bourse.store} backed by
 * JDBC, sharing the clock, the secret keys and the password hasher.
 *
 * <pre>{@code
 * Stores stores = Stores.open(database, SecretKeys.of("k1", base64Key), Clock.systemUTC());
 * User user = stores.users().create(NewUser.of(email, stores.passwords().hash(password)));
 * }</pre>
 *
 * <p>Each call of a store runs in a transaction of its own. To make several writes atomic (a user
 * and their welcome notification), use {@link #inTransaction}; to join a Jdbi transaction the
 * caller already holds, use {@link #joining}. Inside such a transaction each store call runs under
 * a savepoint: if it fails (a duplicate email, a missing user), only its own writes are undone, so
 * the caller may catch the exception and carry on, on PostgreSQL as on H2.
 *
 * <p><b>Thread-safety:</b> safe for concurrent use; the stores share the database's pool. Closing
 * the database closes them.
 */
public final class Stores {

  private final Database database;
  private final Clock clock;
  private final PasswordHasher passwords;
  private final UserStore users;
  private final ApiKeyStore apiKeys;
  private final RefreshTokenStore refreshTokens;
  private final TotpStore totp;
  private final IdempotencyStore idempotency;
  private final NotificationOutbox outbox;
  private final InboxStore inbox;

  private Stores(Database database, SecretKeys keys, Clock clock, PasswordParameters parameters) {
    this.database = database;
    this.clock = clock;
    SecureRandom random = new SecureRandom();
    SecretBox box = new SecretBox(keys, random);
    Tokens tokens = new Tokens(random);
    this.passwords = new Argon2idHasher(parameters, random);
    Transactor own = Transactor.of(database.jdbi());
    this.users = new JdbcUserStore(own, clock);
    this.apiKeys = new JdbcApiKeyStore(own, clock, box, tokens);
    this.refreshTokens = new JdbcRefreshTokenStore(own, clock, tokens);
    this.totp = new JdbcTotpStore(own, clock, box, tokens);
    this.idempotency = new JdbcIdempotencyStore(own, clock, tokens);
    this.outbox = new JdbcNotificationOutbox(own, clock);
    this.inbox = new JdbcInboxStore(own, clock);
  }

  /**
   * The stores with passwords hashed at {@link PasswordParameters#OWASP} cost.
   *
   * @param database an open database (migrated by {@link Database#open})
   * @param keys the keys that encrypt API secrets and TOTP seeds
   * @param clock the source of every stored time
   */
  public static Stores open(Database database, SecretKeys keys, Clock clock) {
    return open(database, keys, clock, PasswordParameters.OWASP);
  }

  /** As {@link #open(Database, SecretKeys, Clock)}, with other Argon2id costs for new hashes. */
  public static Stores open(
      Database database, SecretKeys keys, Clock clock, PasswordParameters passwordParameters) {
    return new Stores(
        Objects.requireNonNull(database, "database"),
        Objects.requireNonNull(keys, "keys"),
        Objects.requireNonNull(clock, "clock"),
        Objects.requireNonNull(passwordParameters, "passwordParameters"));
  }

  /** Hashes and verifies passwords (Argon2id, PHC strings). */
  public PasswordHasher passwords() {
    return passwords;
  }

  /** User accounts. */
  public UserStore users() {
    return users;
  }

  /** API keys with encrypted secrets. */
  public ApiKeyStore apiKeys() {
    return apiKeys;
  }

  /** Rotating refresh-token families. */
  public RefreshTokenStore refreshTokens() {
    return refreshTokens;
  }

  /** TOTP enrolments and recovery codes. */
  public TotpStore totp() {
    return totp;
  }

  /** Idempotency keys. */
  public IdempotencyStore idempotency() {
    return idempotency;
  }

  /** The notification outbox. */
  public NotificationOutbox outbox() {
    return outbox;
  }

  /** The in-app inbox. */
  public InboxStore inbox() {
    return inbox;
  }

  /**
   * Runs {@code work} in one transaction: everything it writes through the given {@link
   * StoreTransaction} commits when it returns and rolls back if it throws.
   */
  public <T> T inTransaction(Function<StoreTransaction, T> work) {
    return database.jdbi().inTransaction(handle -> work.apply(joining(handle)));
  }

  /**
   * Stores that run on the caller's Jdbi {@code handle}: inside its open transaction, if it has
   * one, so that the caller's commit or rollback covers them (else each call commits by itself).
   * Valid while the handle is open.
   */
  public StoreTransaction joining(Handle handle) {
    Transactor joined = Transactor.joining(Objects.requireNonNull(handle, "handle"));
    UserStore joinedUsers = new JdbcUserStore(joined, clock);
    NotificationOutbox joinedOutbox = new JdbcNotificationOutbox(joined, clock);
    InboxStore joinedInbox = new JdbcInboxStore(joined, clock);
    return new StoreTransaction() {
      @Override
      public UserStore users() {
        return joinedUsers;
      }

      @Override
      public NotificationOutbox outbox() {
        return joinedOutbox;
      }

      @Override
      public InboxStore inbox() {
        return joinedInbox;
      }
    };
  }
}
