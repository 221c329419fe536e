package org.bourse.jdbc.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bourse.jdbc.TestDatabase.Backend;
import org.bourse.store.ApiKey;
import org.bourse.store.ApiKeyWithSecret;
import org.bourse.store.ApiScope;
import org.bourse.store.IpAllowList;
import org.bourse.store.NewApiKey;
import org.bourse.store.User;
import org.junit.jupiter.api.Test;

abstract class ApiKeyStoreContract extends StoreContract {

  ApiKeyStoreContract(Backend backend) {
    super(backend);
  }

  @Test
  void shouldCreateAKeyAndRecoverItsSecretByKeyId() {
    // given
    User user = newUser();
    IpAllowList allowList = new IpAllowList(List.of("203.0.113.7", "10.1.2.3/8", "2001:db8::/32"));

    // when
    ApiKeyWithSecret created =
        stores
            .apiKeys()
            .create(
                new NewApiKey(user.id(), "bot", Set.of(ApiScope.READ, ApiScope.TRADE), allowList));

    // then
    ApiKeyWithSecret found = stores.apiKeys().findByKeyId(created.key().keyId()).orElseThrow();
    assertEquals(created, found);
    assertEquals(43, found.secret().length());
    assertEquals(
        List.of("203.0.113.7/32", "10.0.0.0/8", "2001:db8:0:0:0:0:0:0/32"),
        found.key().ipAllowList().entries());
    assertEquals(Set.of(ApiScope.READ, ApiScope.TRADE), found.key().scopes());
    assertFalse(found.key().revoked());
    assertFalse(found.toString().contains(found.secret()));
    assertEquals(Optional.empty(), stores.apiKeys().findByKeyId("no-such-key"));
  }

  @Test
  void shouldNeverStoreTheSecretInPlaintext() {
    // given
    ApiKeyWithSecret created = createKey(newUser());

    // when
    String raw = rawTable("api_keys");

    // then
    assertTrue(raw.contains(created.key().keyId()));
    assertTrue(raw.contains("k1:"));
    assertFalse(raw.contains(created.secret()));
    assertFalse(raw.contains(created.secret().substring(0, 12)));
  }

  @Test
  void shouldListAUsersKeysAndRecordUseAndRevocation() {
    // given
    User user = newUser();
    ApiKey first = createKey(user).key();
    clock.advance(Duration.ofSeconds(1));
    ApiKey second = createKey(user).key();
    createKey(newUser());
    clock.advance(Duration.ofMinutes(1));

    // when
    boolean touched = stores.apiKeys().touch(first.keyId());
    boolean revoked = stores.apiKeys().revoke(user.id(), second.keyId());

    // then
    assertTrue(touched);
    assertTrue(revoked);
    assertFalse(stores.apiKeys().revoke(user.id(), second.keyId()));
    assertFalse(stores.apiKeys().revoke(user.id() + 1, first.keyId()));
    assertFalse(stores.apiKeys().touch("no-such-key"));
    List<ApiKey> listed = stores.apiKeys().listForUser(user.id());
    assertEquals(
        List.of(first.keyId(), second.keyId()), listed.stream().map(ApiKey::keyId).toList());
    assertEquals(Optional.of(clock.instant()), listed.get(0).lastUsedAt());
    assertFalse(listed.get(0).revoked());
    assertEquals(Optional.of(clock.instant()), listed.get(1).revokedAt());
  }

  @Test
  void shouldDecryptWithARetiredKeyAndEncryptWithTheCurrentOne() {
    // given
    ApiKeyWithSecret old = createKey(newUser());
    Stores rotated =
        Stores.open(database, SecretKeys.of("k2", KEY_2).withRetired("k1", KEY_1), clock, CHEAP);

    // when
    ApiKeyWithSecret recovered = rotated.apiKeys().findByKeyId(old.key().keyId()).orElseThrow();
    ApiKeyWithSecret fresh = createKey(rotated, newUser());

    // then
    assertEquals(old.secret(), recovered.secret());
    assertTrue(rawTable("api_keys").contains("k2:"));
    IllegalStateException unknownKey =
        assertThrows(
            IllegalStateException.class, () -> stores.apiKeys().findByKeyId(fresh.key().keyId()));
    assertTrue(
        unknownKey.getMessage().contains("secret key 'k2' is not configured"),
        unknownKey.getMessage());
  }

  @Test
  void shouldRefuseASecretCopiedToAnotherKeysRow() {
    // given
    ApiKeyWithSecret victim = createKey(newUser());
    ApiKeyWithSecret attacker = createKey(newUser());
    database
        .jdbi()
        .useHandle(
            handle ->
                handle
                    .createUpdate(
                        "UPDATE api_keys SET secret_encrypted = (SELECT secret_encrypted FROM"
                            + " api_keys WHERE key_id = :victim) WHERE key_id = :attacker")
                    .bind("victim", victim.key().keyId())
                    .bind("attacker", attacker.key().keyId())
                    .execute());

    // when
    IllegalStateException failure =
        assertThrows(
            IllegalStateException.class,
            () -> stores.apiKeys().findByKeyId(attacker.key().keyId()));

    // then
    assertTrue(failure.getMessage().contains("does not authenticate"), failure.getMessage());
  }

  @Test
  void shouldRefuseASecretWhoseRowWasMovedToAnotherUserOrGivenMoreScopes() {
    // given
    User victim = newUser();
    ApiKeyWithSecret moved = createKey(newUser());
    ApiKeyWithSecret widened = createKey(victim);
    database
        .jdbi()
        .useHandle(
            handle -> {
              handle
                  .createUpdate("UPDATE api_keys SET user_id = :victim WHERE key_id = :keyId")
                  .bind("victim", victim.id())
                  .bind("keyId", moved.key().keyId())
                  .execute();
              handle
                  .createUpdate("UPDATE api_keys SET scopes = 'READ,TRADE' WHERE key_id = :keyId")
                  .bind("keyId", widened.key().keyId())
                  .execute();
            });

    // when
    IllegalStateException movedFailure =
        assertThrows(
            IllegalStateException.class, () -> stores.apiKeys().findByKeyId(moved.key().keyId()));
    IllegalStateException widenedFailure =
        assertThrows(
            IllegalStateException.class, () -> stores.apiKeys().findByKeyId(widened.key().keyId()));

    // then
    assertEquals(
        "cannot decrypt api-key:"
            + moved.key().keyId()
            + ";user:"
            + victim.id()
            + ";scopes:READ: the stored value does not authenticate",
        movedFailure.getMessage());
    assertTrue(
        widenedFailure.getMessage().endsWith("the stored value does not authenticate"),
        widenedFailure.getMessage());
  }

  @Test
  void shouldNameTheFieldOfBadInput() {
    User user = newUser();
    assertRejected(
        "scopes must name at least one scope",
        () -> new NewApiKey(user.id(), "x", Set.of(), IpAllowList.ANY));
    assertRejected(
        "label must not be blank",
        () -> new NewApiKey(user.id(), " ", Set.of(ApiScope.READ), IpAllowList.ANY));
    assertRejected(
        "userId " + (user.id() + 50) + " does not exist",
        () ->
            stores
                .apiKeys()
                .create(
                    new NewApiKey(user.id() + 50, "x", Set.of(ApiScope.READ), IpAllowList.ANY)));
  }

  private ApiKeyWithSecret createKey(User user) {
    return createKey(stores, user);
  }

  private static ApiKeyWithSecret createKey(Stores stores, User user) {
    return stores
        .apiKeys()
        .create(new NewApiKey(user.id(), "key", Set.of(ApiScope.READ), IpAllowList.ANY));
  }
}
