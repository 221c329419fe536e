package org.bourse.jdbc.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.bourse.jdbc.TestDatabase.Backend;
import org.bourse.store.Channel;
import org.bourse.store.NewNotification;
import org.bourse.store.NewUser;
import org.bourse.store.Role;
import org.bourse.store.StoreConflictException;
import org.bourse.store.User;
import org.bourse.store.UserStatus;
import org.bourse.store.UserStore;
import org.junit.jupiter.api.Test;

abstract class UserStoreContract extends StoreContract {

  UserStoreContract(Backend backend) {
    super(backend);
  }

  @Test
  void shouldCreateAndFindByIdAndByEmailIgnoringCase() {
    // given
    UserStore users = stores.users();

    // when
    User created = users.create(NewUser.of("  Alice@Example.COM ", "$argon2id$x"));

    // then
    assertEquals("Alice@Example.COM", created.email());
    assertEquals(UserStatus.PENDING_VERIFICATION, created.status());
    assertEquals(Set.of(Role.USER), created.roles());
    assertEquals(0, created.kycLevel());
    assertEquals(1, created.version());
    assertEquals(clock.instant().toEpochMilli(), created.createdAt().toEpochMilli());
    assertEquals(Optional.of(created), users.findById(created.id()));
    assertEquals(Optional.of(created), users.findByEmail("alice@example.com"));
    assertEquals(Optional.empty(), users.findByEmail("bob@example.com"));
    assertEquals(Optional.empty(), users.findByEmail("not an email"));
    assertEquals(Optional.empty(), users.findById(created.id() + 1));
  }

  @Test
  void shouldRefuseASecondAccountForTheSameEmailInAnyCase() {
    // given
    stores.users().create(NewUser.of("carol@example.com", "$h"));

    // when
    StoreConflictException conflict =
        assertThrows(
            StoreConflictException.class,
            () -> stores.users().create(NewUser.of("CAROL@example.com", "$h")));

    // then
    assertEquals("email is already registered", conflict.getMessage());
  }

  @Test
  void shouldCarryOnInATransactionAfterCatchingAConflictOrAMissingUser() {
    // given
    User carol = stores.users().create(NewUser.of("carol@example.com", "$h"));

    // when
    long enqueued =
        stores.inTransaction(
            tx -> {
              User dave = tx.users().create(NewUser.of("dave@example.com", "$h"));
              assertThrows(
                  StoreConflictException.class,
                  () -> tx.users().create(NewUser.of("CAROL@example.com", "$h")));
              assertRejected(
                  "userId " + (dave.id() + 1) + " does not exist",
                  () ->
                      tx.outbox()
                          .enqueue(
                              NewNotification.of(dave.id() + 1, Channel.EMAIL, "welcome", "{}")));
              assertThrows(
                  StoreConflictException.class,
                  () ->
                      tx.users().updateStatus(carol.id(), carol.version() + 1, UserStatus.ACTIVE));
              return tx.outbox()
                  .enqueue(NewNotification.of(dave.id(), Channel.EMAIL, "welcome", "{}"));
            });

    // then
    assertTrue(stores.users().findByEmail("dave@example.com").isPresent());
    assertEquals(
        List.of(enqueued),
        stores.outbox().claim(10, Duration.ofMinutes(1)).stream().map(n -> n.id()).toList());
  }

  @Test
  void shouldNameTheFieldOfBadInput() {
    assertRejected("email must look like name@example.com", () -> NewUser.of("a@b", "$h"));
    assertRejected("email must look like name@example.com", () -> NewUser.of("a b@c.de", "$h"));
    assertRejected("email must look like name@example.com", () -> NewUser.of("a@@c.de", "$h"));
    assertRejected("passwordHash must not be blank", () -> NewUser.of("a@c.de", " "));
    assertRejected(
        "kycLevel must be between 0 and 9, was 10",
        () -> new NewUser("a@c.de", "$h", UserStatus.ACTIVE, Set.of(Role.USER), 10));
    assertRejected(
        "roles must name at least one role",
        () -> new NewUser("a@c.de", "$h", UserStatus.ACTIVE, Set.of(), 0));
    User user = newUser();
    assertRejected(
        "kycLevel must be between 0 and 9, was -1",
        () -> stores.users().updateKycLevel(user.id(), user.version(), -1));
    assertRejected(
        "userId " + (user.id() + 100) + " does not exist",
        () -> stores.users().updateStatus(user.id() + 100, 1, UserStatus.ACTIVE));
  }

  @Test
  void shouldUpdateEveryFieldAndBumpTheVersion() {
    // given
    User user = newUser();
    clock.advance(Duration.ofMinutes(5));

    // when
    User active = stores.users().updateStatus(user.id(), 1, UserStatus.ACTIVE);
    User admin = stores.users().updateRoles(user.id(), 2, Set.of(Role.USER, Role.ADMIN));
    User verified = stores.users().updateKycLevel(user.id(), 3, 2);
    User rehashed = stores.users().updatePasswordHash(user.id(), 4, "$argon2id$new");

    // then
    assertEquals(UserStatus.ACTIVE, active.status());
    assertEquals(2, active.version());
    assertEquals(user.createdAt().plus(Duration.ofMinutes(5)), active.updatedAt());
    assertEquals(user.createdAt(), active.createdAt());
    assertEquals(Set.of(Role.USER, Role.ADMIN), admin.roles());
    assertEquals(2, verified.kycLevel());
    assertEquals("$argon2id$new", rehashed.passwordHash());
    assertEquals(5, rehashed.version());
    assertEquals(Optional.of(rehashed), stores.users().findById(user.id()));
  }

  @Test
  void shouldRefuseAnUpdateBasedOnAStaleVersion() {
    // given
    User user = newUser();
    stores.users().updateStatus(user.id(), user.version(), UserStatus.ACTIVE);

    // when
    StoreConflictException conflict =
        assertThrows(
            StoreConflictException.class,
            () -> stores.users().updateStatus(user.id(), user.version(), UserStatus.LOCKED));

    // then
    assertEquals(
        "user " + user.id() + " was changed concurrently: expected version 1, found 2",
        conflict.getMessage());
    assertEquals(UserStatus.ACTIVE, stores.users().findById(user.id()).orElseThrow().status());
  }

  @Test
  void shouldLetExactlyOneOfTwoConcurrentUpdatesOfOneVersionWin() throws Exception {
    // given
    User user = newUser();
    Callable<Boolean> lock = () -> tryUpdate(user, UserStatus.LOCKED);
    Callable<Boolean> disable = () -> tryUpdate(user, UserStatus.DISABLED);

    // when
    List<Boolean> won = race(List.of(lock, disable));

    // then
    assertTrue(won.get(0) ^ won.get(1), won.toString());
    User stored = stores.users().findById(user.id()).orElseThrow();
    assertEquals(2, stored.version());
    assertEquals(won.get(0) ? UserStatus.LOCKED : UserStatus.DISABLED, stored.status());
  }

  @Test
  void shouldStoreOnlyTheHashOfAPassword() {
    // given
    String password = "correct horse battery staple";

    // when
    User user =
        stores.users().create(NewUser.of("dave@example.com", stores.passwords().hash(password)));

    // then
    assertFalse(rawTable("users").contains(password));
    assertTrue(user.passwordHash().startsWith("$argon2id$v=19$m=64,t=1,p=1$"));
    assertTrue(stores.passwords().verify(password, user.passwordHash()));
  }

  private boolean tryUpdate(User user, UserStatus status) {
    try {
      stores.users().updateStatus(user.id(), user.version(), status);
      return true;
    } catch (StoreConflictException lost) {
      return false;
    }
  }
}
