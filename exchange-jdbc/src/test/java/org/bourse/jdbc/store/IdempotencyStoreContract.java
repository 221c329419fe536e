package org.bourse.jdbc.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bourse.jdbc.TestDatabase.Backend;
import org.bourse.store.IdempotencyClaim;
import org.bourse.store.IdempotencyStore;
import org.bourse.store.StoredResponse;
import org.bourse.store.User;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementCustomizer;
import org.junit.jupiter.api.Test;

abstract class IdempotencyStoreContract extends StoreContract {

  private static final Duration TTL = Duration.ofHours(24);
  private static final StoredResponse CREATED =
      new StoredResponse(201, "{\"orderId\":42}".getBytes(StandardCharsets.UTF_8));

  IdempotencyStoreContract(Backend backend) {
    super(backend);
  }

  @Test
  void shouldReplayTheStoredResponseToARepeatOfACompletedRequest() {
    // given
    User user = newUser();
    IdempotencyStore keys = stores.idempotency();
    IdempotencyClaim first = keys.claim(user.id(), "order-1", "fp-a", TTL);
    IdempotencyClaim whileRunning = keys.claim(user.id(), "order-1", "fp-a", TTL);

    // when
    keys.complete(user.id(), "order-1", token(first), CREATED);
    IdempotencyClaim repeat = keys.claim(user.id(), "order-1", "fp-a", TTL);

    // then
    assertInstanceOf(IdempotencyClaim.Claimed.class, first);
    assertInstanceOf(IdempotencyClaim.InProgress.class, whileRunning);
    assertEquals(new IdempotencyClaim.Completed(CREATED), repeat);
    assertInstanceOf(
        IdempotencyClaim.Claimed.class, keys.claim(newUser().id(), "order-1", "fp-a", TTL));
  }

  @Test
  void shouldReportAConflictWhenAKeyIsReusedForAnotherRequest() {
    // given
    User user = newUser();
    stores.idempotency().claim(user.id(), "k", "fp-a", TTL);

    // when
    IdempotencyClaim other = stores.idempotency().claim(user.id(), "k", "fp-b", TTL);

    // then
    assertInstanceOf(IdempotencyClaim.FingerprintMismatch.class, other);
  }

  @Test
  void shouldLetExactlyOneOfManyConcurrentClaimersWin() throws Exception {
    // given
    User user = newUser();
    Callable<IdempotencyClaim> claim =
        () -> stores.idempotency().claim(user.id(), "race", "fp", TTL);

    // when
    List<IdempotencyClaim> outcomes = race(Collections.nCopies(4, claim));

    // then
    assertEquals(
        1,
        outcomes.stream().filter(IdempotencyClaim.Claimed.class::isInstance).count(),
        outcomes.toString());
    assertEquals(
        3,
        outcomes.stream().filter(IdempotencyClaim.InProgress.class::isInstance).count(),
        outcomes.toString());
  }

  @Test
  void shouldMakeAClaimantWaitForAnUncommittedClaimAndThenSeeItsOutcome() throws Exception {
    // given: a transaction holds an uncommitted claim of the key
    User user = newUser();
    Handle rollingBack = openTransaction();
    insertClaim(rollingBack, user, "a");

    // when: a claimant waits for it, and it rolls back; then the same with a commit
    IdempotencyClaim afterRollback =
        afterWaitingFor(
            rollingBack,
            Handle::rollback,
            "INSERT INTO idempotency_keys",
            () -> stores.idempotency().claim(user.id(), "a", "fp", TTL));
    Handle committing = openTransaction();
    insertClaim(committing, user, "b");
    IdempotencyClaim afterCommit =
        afterWaitingFor(
            committing,
            Handle::commit,
            "INSERT INTO idempotency_keys",
            () -> stores.idempotency().claim(user.id(), "b", "fp", TTL));

    // then
    assertInstanceOf(IdempotencyClaim.Claimed.class, afterRollback);
    assertInstanceOf(IdempotencyClaim.InProgress.class, afterCommit);
  }

  @Test
  void shouldClaimAKeyThatIsReleasedBetweenTheConflictAndTheRead() {
    // given: the first claim is released right after the second claim's insert found it
    User user = newUser();
    String first = token(stores.idempotency().claim(user.id(), "k", "fp", TTL));
    AtomicBoolean armed = new AtomicBoolean(true);
    database
        .jdbi()
        .addCustomizer(
            new StatementCustomizer() {
              @Override
              public void afterExecution(PreparedStatement statement, StatementContext context) {
                if (context.getRawSql().contains("INSERT INTO idempotency_keys")
                    && armed.compareAndSet(true, false)) {
                  assertTrue(stores.idempotency().release(user.id(), "k", first));
                }
              }
            });

    // when
    IdempotencyClaim second = stores.idempotency().claim(user.id(), "k", "fp", TTL);

    // then
    assertFalse(armed.get());
    assertNotEquals(first, token(second));
  }

  @Test
  void shouldNotLetARequestThatOutlivedItsClaimTouchTheNextClaim() {
    // given: the slow request's claim expired and another request claimed the key again
    User user = newUser();
    String slow = token(stores.idempotency().claim(user.id(), "k", "fp", Duration.ofSeconds(5)));
    clock.advance(Duration.ofSeconds(5));
    String next = token(stores.idempotency().claim(user.id(), "k", "fp", TTL));

    // when
    boolean released = stores.idempotency().release(user.id(), "k", slow);
    IllegalStateException completed =
        assertThrows(
            IllegalStateException.class,
            () -> stores.idempotency().complete(user.id(), "k", slow, CREATED));

    // then
    assertFalse(released);
    assertTrue(completed.getMessage().contains("is not in progress under this claim"));
    assertInstanceOf(
        IdempotencyClaim.InProgress.class, stores.idempotency().claim(user.id(), "k", "fp", TTL));
    stores.idempotency().complete(user.id(), "k", next, CREATED);
    assertEquals(
        new IdempotencyClaim.Completed(CREATED),
        stores.idempotency().claim(user.id(), "k", "fp", TTL));
  }

  @Test
  void shouldFreeAKeyWhenItExpiresOrIsReleased() {
    // given
    User user = newUser();
    IdempotencyClaim old =
        stores.idempotency().claim(user.id(), "old", "fp-a", Duration.ofMinutes(1));
    stores.idempotency().complete(user.id(), "old", token(old), CREATED);
    String failed = token(stores.idempotency().claim(user.id(), "failed", "fp-a", TTL));
    stores.idempotency().claim(user.id(), "kept", "fp-a", TTL);
    clock.advance(Duration.ofMinutes(1));

    // when
    boolean released = stores.idempotency().release(user.id(), "failed", failed);
    int purged = stores.idempotency().purgeExpired();

    // then
    assertTrue(released);
    assertFalse(stores.idempotency().release(user.id(), "failed", failed));
    assertEquals(1, purged);
    assertInstanceOf(
        IdempotencyClaim.Claimed.class, stores.idempotency().claim(user.id(), "old", "fp-b", TTL));
    assertInstanceOf(
        IdempotencyClaim.Claimed.class,
        stores.idempotency().claim(user.id(), "failed", "fp-b", TTL));
    assertInstanceOf(
        IdempotencyClaim.FingerprintMismatch.class,
        stores.idempotency().claim(user.id(), "kept", "fp-b", TTL));
  }

  @Test
  void shouldTreatAnExpiredKeyAsFreeEvenBeforeItIsPurged() {
    // given
    User user = newUser();
    stores.idempotency().claim(user.id(), "k", "fp-a", Duration.ofSeconds(5));
    clock.advance(Duration.ofSeconds(5));

    // when
    IdempotencyClaim again = stores.idempotency().claim(user.id(), "k", "fp-b", TTL);

    // then
    assertInstanceOf(IdempotencyClaim.Claimed.class, again);
  }

  @Test
  void shouldStoreTheLargestBodyWhole() {
    // given
    User user = newUser();
    byte[] body = new byte[StoredResponse.MAX_BODY_BYTES];
    for (int i = 0; i < body.length; i++) {
      body[i] = (byte) i;
    }
    String claim = token(stores.idempotency().claim(user.id(), "big", "fp", TTL));

    // when
    stores.idempotency().complete(user.id(), "big", claim, new StoredResponse(200, body));

    // then
    IdempotencyClaim repeat = stores.idempotency().claim(user.id(), "big", "fp", TTL);
    assertArrayEquals(body, ((IdempotencyClaim.Completed) repeat).response().body());
  }

  @Test
  void shouldRefuseToCompleteAKeyThatIsNotInProgress() {
    // given
    User user = newUser();

    // when
    IllegalStateException failure =
        assertThrows(
            IllegalStateException.class,
            () -> stores.idempotency().complete(user.id(), "never", "no-claim", CREATED));

    // then
    assertEquals(
        "idempotency key 'never' of userId "
            + user.id()
            + " is not in progress under this claim (it expired, or was completed or released)",
        failure.getMessage());
  }

  @Test
  void shouldNameTheFieldOfBadInput() {
    User user = newUser();
    assertRejected(
        "key must be 1 to 64 letters, digits or '-_.:', was 'a b'",
        () -> stores.idempotency().claim(user.id(), "a b", "fp", TTL));
    assertRejected(
        "key must be 1 to 64 letters, digits or '-_.:', was '\\u000a"
            + "x".repeat(63)
            + "'... (1001 characters)",
        () -> stores.idempotency().claim(user.id(), "\n" + "x".repeat(1000), "fp", TTL));
    assertRejected(
        "fingerprint must not be blank", () -> stores.idempotency().claim(user.id(), "k", "", TTL));
    assertRejected(
        "timeToLive must be between PT1S and PT720H, was PT0S",
        () -> stores.idempotency().claim(user.id(), "k", "fp", Duration.ZERO));
    assertRejected(
        "statusCode must be between 100 and 599, was 42",
        () -> new StoredResponse(42, new byte[0]));
    assertRejected(
        "userId " + (user.id() + 3) + " does not exist",
        () -> stores.idempotency().claim(user.id() + 3, "k", "fp", TTL));
  }

  private static String token(IdempotencyClaim claim) {
    return assertInstanceOf(IdempotencyClaim.Claimed.class, claim).claimToken();
  }

  private static void insertClaim(Handle handle, User user, String key) {
    handle
        .createUpdate(
            "INSERT INTO idempotency_keys (user_id, idempotency_key, fingerprint, claim_token,"
                + " status, created_at_ms, expires_at_ms) VALUES (:userId, :key, 'fp', 'held',"
                + " 'IN_PROGRESS', 0, :expiresAtMs)")
        .bind("userId", user.id())
        .bind("key", key)
        .bind("expiresAtMs", Long.MAX_VALUE)
        .execute();
  }
}
