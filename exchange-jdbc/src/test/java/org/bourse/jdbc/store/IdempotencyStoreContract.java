package org.bourse.jdbc.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import org.bourse.jdbc.TestDatabase.Backend;
import org.bourse.store.IdempotencyClaim;
import org.bourse.store.IdempotencyStore;
import org.bourse.store.StoredResponse;
import org.bourse.store.User;
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
    keys.complete(user.id(), "order-1", CREATED);
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
  void shouldFreeAKeyWhenItExpiresOrIsReleased() {
    // given
    User user = newUser();
    stores.idempotency().claim(user.id(), "old", "fp-a", Duration.ofMinutes(1));
    stores.idempotency().complete(user.id(), "old", CREATED);
    stores.idempotency().claim(user.id(), "failed", "fp-a", TTL);
    stores.idempotency().claim(user.id(), "kept", "fp-a", TTL);
    clock.advance(Duration.ofMinutes(1));

    // when
    boolean released = stores.idempotency().release(user.id(), "failed");
    int purged = stores.idempotency().purgeExpired();

    // then
    assertTrue(released);
    assertFalse(stores.idempotency().release(user.id(), "failed"));
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
    stores.idempotency().claim(user.id(), "big", "fp", TTL);

    // when
    stores.idempotency().complete(user.id(), "big", new StoredResponse(200, body));

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
            () -> stores.idempotency().complete(user.id(), "never", CREATED));

    // then
    assertEquals(
        "idempotency key 'never' of userId " + user.id() + " is not claimed and in progress",
        failure.getMessage());
  }

  @Test
  void shouldNameTheFieldOfBadInput() {
    User user = newUser();
    assertRejected(
        "key must be 1 to 64 letters, digits or '-_.:', was 'a b'",
        () -> stores.idempotency().claim(user.id(), "a b", "fp", TTL));
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
}
