package org.bourse.jdbc.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.bourse.jdbc.TestDatabase.Backend;
import org.bourse.store.Channel;
import org.bourse.store.NewNotification;
import org.bourse.store.NewUser;
import org.bourse.store.Notification;
import org.bourse.store.NotificationOutbox;
import org.bourse.store.User;
import org.junit.jupiter.api.Test;

abstract class NotificationOutboxContract extends StoreContract {

  private static final Duration LEASE = Duration.ofMinutes(1);

  NotificationOutboxContract(Backend backend) {
    super(backend);
  }

  @Test
  void shouldClaimDueMessagesOldestFirstAndHideThemDuringTheLease() {
    // given
    User user = newUser();
    NotificationOutbox outbox = stores.outbox();
    long first = outbox.enqueue(NewNotification.of(user.id(), Channel.EMAIL, "welcome", "{}"));
    long second = outbox.enqueue(NewNotification.of(user.id(), Channel.SMS, "otp", "{\"a\":1}"));

    // when
    List<Notification> claimed = outbox.claim(10, LEASE);
    List<Notification> duringLease = outbox.claim(10, LEASE);
    clock.advance(LEASE);
    List<Notification> afterLease = outbox.claim(10, LEASE);

    // then
    assertEquals(List.of(first, second), claimed.stream().map(Notification::id).toList());
    Notification welcome = claimed.get(0);
    assertEquals(user.id(), welcome.userId());
    assertEquals(Channel.EMAIL, welcome.channel());
    assertEquals("welcome", welcome.topic());
    assertEquals("{}", welcome.payload());
    assertEquals(1, welcome.attempt());
    assertEquals(Optional.empty(), welcome.lastError());
    assertEquals(List.of(), duringLease);
    assertEquals(List.of(2, 2), afterLease.stream().map(Notification::attempt).toList());
  }

  @Test
  void shouldPurgeOnlyMessagesDeliveredBeforeTheCutoff() {
    // given: one message delivered a day ago, one just now, one pending and one dead
    User user = newUser();
    long old = stores.outbox().enqueue(NewNotification.of(user.id(), Channel.EMAIL, "old", ""));
    stores.outbox().claim(10, LEASE);
    stores.outbox().markDelivered(old, 1);
    clock.advance(Duration.ofDays(1));
    long recent = stores.outbox().enqueue(NewNotification.of(user.id(), Channel.EMAIL, "new", ""));
    long dead =
        stores.outbox().enqueue(new NewNotification(user.id(), Channel.EMAIL, "dead", "", 1));
    stores.outbox().claim(10, LEASE);
    stores.outbox().markDelivered(recent, 1);
    stores.outbox().markFailed(dead, 1, clock.instant(), "bounced");
    long pending = stores.outbox().enqueue(NewNotification.of(user.id(), Channel.EMAIL, "p", ""));

    // when
    int purged = stores.outbox().purgeDeliveredBefore(clock.instant().minus(Duration.ofHours(1)));

    // then
    assertEquals(1, purged);
    assertEquals(
        List.of(recent, dead, pending),
        database
            .jdbi()
            .withHandle(
                handle ->
                    handle
                        .createQuery("SELECT id FROM notification_outbox ORDER BY id")
                        .mapTo(Long.class)
                        .list()));
  }

  @Test
  void shouldRetryAFailedMessageAtItsRetryTimeAndForgetADeliveredOne() {
    // given
    User user = newUser();
    long failing = stores.outbox().enqueue(NewNotification.of(user.id(), Channel.EMAIL, "a", ""));
    long delivered = stores.outbox().enqueue(NewNotification.of(user.id(), Channel.EMAIL, "b", ""));
    stores.outbox().claim(10, LEASE);

    // when
    boolean failed =
        stores.outbox().markFailed(failing, 1, clock.instant().plusSeconds(10), "smtp 451");
    boolean done = stores.outbox().markDelivered(delivered, 1);

    // then
    assertTrue(failed);
    assertTrue(done);
    assertEquals(List.of(), stores.outbox().claim(10, LEASE));
    clock.advance(Duration.ofSeconds(10));
    List<Notification> retried = stores.outbox().claim(10, LEASE);
    assertEquals(List.of(failing), retried.stream().map(Notification::id).toList());
    assertEquals(Optional.of("smtp 451"), retried.get(0).lastError());
    assertEquals(2, retried.get(0).attempt());
  }

  @Test
  void shouldIgnoreMarksFromAStaleClaim() {
    // given
    long id = stores.outbox().enqueue(NewNotification.of(newUser().id(), Channel.SMS, "t", ""));
    stores.outbox().claim(1, LEASE);
    clock.advance(LEASE);
    stores.outbox().claim(1, LEASE);

    // then
    assertFalse(stores.outbox().markDelivered(id, 1));
    assertFalse(stores.outbox().markFailed(id, 1, clock.instant(), "late"));
    assertTrue(stores.outbox().markDelivered(id, 2));
    assertFalse(stores.outbox().markDelivered(id, 2));
  }

  @Test
  void shouldDeadLetterAMessageAfterItsLastAttempt() {
    // given
    User user = newUser();
    long id = stores.outbox().enqueue(new NewNotification(user.id(), Channel.EMAIL, "t", "p", 2));
    long abandoned =
        stores.outbox().enqueue(new NewNotification(user.id(), Channel.SMS, "t", "p", 1));
    stores.outbox().claim(10, LEASE);
    stores.outbox().markFailed(id, 1, clock.instant(), "first");
    stores.outbox().claim(10, LEASE);

    // when
    stores.outbox().markFailed(id, 2, clock.instant(), "second");
    clock.advance(LEASE);

    // then
    assertEquals(List.of(), stores.outbox().claim(10, LEASE));
    List<Notification> dead = stores.outbox().listDeadLetters(0, 10);
    assertEquals(List.of(id, abandoned), dead.stream().map(Notification::id).toList());
    assertEquals(Optional.of("second"), dead.get(0).lastError());
    assertEquals(Optional.of("lease expired on the last attempt"), dead.get(1).lastError());
    assertEquals(List.of(abandoned), idsOf(stores.outbox().listDeadLetters(id, 10)));
  }

  @Test
  void shouldNeverHandTheSameMessageToTwoConcurrentClaimers() throws Exception {
    // given
    User user = newUser();
    Set<Long> enqueued = new HashSet<>();
    for (int i = 0; i < 40; i++) {
      enqueued.add(stores.outbox().enqueue(NewNotification.of(user.id(), Channel.IN_APP, "t", "")));
    }
    Callable<List<Long>> worker =
        () -> {
          List<Long> mine = new ArrayList<>();
          for (int round = 0; round < 30; round++) {
            mine.addAll(idsOf(stores.outbox().claim(3, LEASE)));
          }
          return mine;
        };

    // when
    List<List<Long>> claims = race(List.of(worker, worker));

    // then
    List<Long> all = new ArrayList<>(claims.get(0));
    all.addAll(claims.get(1));
    assertEquals(all.size(), new HashSet<>(all).size(), "a message was claimed twice: " + claims);
    assertEquals(enqueued, new HashSet<>(all));
  }

  @Test
  void shouldEnqueueOnlyIfTheSurroundingTransactionCommits() {
    // when
    User committed =
        stores.inTransaction(
            tx -> {
              User user = tx.users().create(NewUser.of("eve@example.com", "$h"));
              tx.outbox().enqueue(NewNotification.of(user.id(), Channel.EMAIL, "verify", "{}"));
              return user;
            });
    assertThrows(
        IllegalStateException.class,
        () ->
            stores.inTransaction(
                tx -> {
                  User user = tx.users().create(NewUser.of("mallory@example.com", "$h"));
                  tx.outbox().enqueue(NewNotification.of(user.id(), Channel.EMAIL, "verify", ""));
                  throw new IllegalStateException("roll back");
                }));

    // then
    assertEquals(Optional.empty(), stores.users().findByEmail("mallory@example.com"));
    List<Notification> claimed = stores.outbox().claim(10, LEASE);
    assertEquals(List.of(committed.id()), claimed.stream().map(Notification::userId).toList());
  }

  @Test
  void shouldJoinTheCallersJdbiTransaction() {
    // given
    User user = newUser();

    // when
    database
        .jdbi()
        .useTransaction(
            handle ->
                stores
                    .joining(handle)
                    .outbox()
                    .enqueue(NewNotification.of(user.id(), Channel.EMAIL, "kept", "")));
    database
        .jdbi()
        .useTransaction(
            handle -> {
              stores
                  .joining(handle)
                  .outbox()
                  .enqueue(NewNotification.of(user.id(), Channel.EMAIL, "dropped", ""));
              handle.rollback();
            });

    // then
    assertEquals(
        List.of("kept"),
        stores.outbox().claim(10, LEASE).stream().map(Notification::topic).toList());
  }

  @Test
  void shouldNameTheFieldOfBadInput() {
    User user = newUser();
    assertRejected(
        "limit must be between 1 and 1000, was 0", () -> stores.outbox().claim(0, LEASE));
    assertRejected(
        "lease must be between PT1S and PT24H, was PT0.5S",
        () -> stores.outbox().claim(1, Duration.ofMillis(500)));
    assertRejected(
        "maxAttempts must be between 1 and 100, was 0",
        () -> new NewNotification(user.id(), Channel.SMS, "t", "", 0));
    assertRejected(
        "topic must not be blank", () -> NewNotification.of(user.id(), Channel.SMS, " ", ""));
    assertRejected(
        "userId " + (user.id() + 4) + " does not exist",
        () -> stores.outbox().enqueue(NewNotification.of(user.id() + 4, Channel.SMS, "t", "")));
  }

  private static List<Long> idsOf(List<Notification> notifications) {
    return notifications.stream().map(Notification::id).toList();
  }
}
