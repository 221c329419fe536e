package org.bourse.jdbc.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.bourse.jdbc.TestDatabase.Backend;
import org.bourse.store.RefreshToken;
import org.bourse.store.RevocationReason;
import org.bourse.store.Rotation;
import org.bourse.store.User;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;

abstract class RefreshTokenStoreContract extends StoreContract {

  private static final Duration LIFETIME = Duration.ofDays(30);

  RefreshTokenStoreContract(Backend backend) {
    super(backend);
  }

  @Test
  void shouldRotateTheCurrentTokenIntoTheNextGeneration() {
    // given
    User user = newUser();
    RefreshToken first = stores.refreshTokens().start(user.id(), LIFETIME);

    // when
    Rotation rotation = stores.refreshTokens().rotate(first.token());
    RefreshToken second = assertInstanceOf(Rotation.Rotated.class, rotation).next();
    Rotation again = stores.refreshTokens().rotate(second.token());

    // then
    assertEquals(first.familyId(), second.familyId());
    assertEquals(user.id(), second.userId());
    assertEquals(2, second.generation());
    assertEquals(clock.instant().plus(LIFETIME), second.expiresAt());
    assertEquals(3, assertInstanceOf(Rotation.Rotated.class, again).next().generation());
    assertFalse(first.toString().contains(first.token()));
  }

  @Test
  void shouldRevokeTheFamilyWhenAnOldTokenIsPresentedAgain() {
    // given
    User user = newUser();
    RefreshToken first = stores.refreshTokens().start(user.id(), LIFETIME);
    RefreshToken second = ((Rotation.Rotated) stores.refreshTokens().rotate(first.token())).next();

    // when
    Rotation replay = stores.refreshTokens().rotate(first.token());

    // then
    assertEquals(new Rotation.ReuseDetected(first.familyId(), user.id()), replay);
    assertEquals(
        new Rotation.Rejected(Rotation.Reason.REVOKED),
        stores.refreshTokens().rotate(second.token()));
    assertTrue(rawTable("refresh_token_families").contains("REUSE_DETECTED"));
  }

  @Test
  void shouldDetectReuseWhenARotationWaitsForAConcurrentRotationOfTheSameToken() throws Exception {
    // given: another transaction has rotated the token but not committed yet
    RefreshToken token = stores.refreshTokens().start(newUser().id(), LIFETIME);
    Handle rotating = openTransaction();
    rotating
        .createUpdate(
            "UPDATE refresh_token_families SET token_hash = 'rotated', generation = 2"
                + " WHERE family_id = :familyId")
        .bind("familyId", token.familyId())
        .execute();

    // when: this rotation read the old hash, waits for that row, and the other one commits
    Rotation loser =
        afterWaitingFor(
            rotating,
            Handle::commit,
            "UPDATE refresh_token_families",
            () -> stores.refreshTokens().rotate(token.token()));

    // then
    assertEquals(new Rotation.ReuseDetected(token.familyId(), token.userId()), loser);
    assertTrue(rawTable("refresh_token_families").contains("REUSE_DETECTED"));
  }

  @Test
  void shouldRotateWhenAConcurrentRotationOfTheSameTokenRollsBack() throws Exception {
    // given
    RefreshToken token = stores.refreshTokens().start(newUser().id(), LIFETIME);
    Handle rotating = openTransaction();
    rotating
        .createUpdate(
            "UPDATE refresh_token_families SET token_hash = 'rotated', generation = 2"
                + " WHERE family_id = :familyId")
        .bind("familyId", token.familyId())
        .execute();

    // when
    Rotation survivor =
        afterWaitingFor(
            rotating,
            Handle::rollback,
            "UPDATE refresh_token_families",
            () -> stores.refreshTokens().rotate(token.token()));

    // then
    assertEquals(2, assertInstanceOf(Rotation.Rotated.class, survivor).next().generation());
  }

  @Test
  void shouldPurgeOnlyFamiliesThatEndedBeforeTheCutoff() {
    // given
    User user = newUser();
    RefreshToken expired = stores.refreshTokens().start(user.id(), Duration.ofHours(12));
    RefreshToken revoked = stores.refreshTokens().start(user.id(), LIFETIME);
    stores.refreshTokens().revokeFamily(revoked.familyId(), RevocationReason.LOGOUT);
    RefreshToken live = stores.refreshTokens().start(user.id(), LIFETIME);
    clock.advance(Duration.ofDays(2));
    RefreshToken revokedLately = stores.refreshTokens().start(user.id(), LIFETIME);
    stores.refreshTokens().revokeFamily(revokedLately.familyId(), RevocationReason.LOGOUT);

    // when
    int purged = stores.refreshTokens().purgeEndedBefore(clock.instant().minus(Duration.ofDays(1)));

    // then
    assertEquals(2, purged);
    assertEquals(rejected(Rotation.Reason.UNKNOWN), stores.refreshTokens().rotate(expired.token()));
    assertEquals(rejected(Rotation.Reason.UNKNOWN), stores.refreshTokens().rotate(revoked.token()));
    assertEquals(
        rejected(Rotation.Reason.REVOKED), stores.refreshTokens().rotate(revokedLately.token()));
    assertInstanceOf(Rotation.Rotated.class, stores.refreshTokens().rotate(live.token()));
  }

  @Test
  void shouldRejectUnknownExpiredAndRevokedTokens() {
    // given
    User user = newUser();
    RefreshToken expiring = stores.refreshTokens().start(user.id(), Duration.ofMinutes(10));
    RefreshToken loggedOut = stores.refreshTokens().start(user.id(), LIFETIME);
    stores.refreshTokens().revokeFamily(loggedOut.familyId(), RevocationReason.LOGOUT);
    clock.advance(Duration.ofMinutes(10));

    // then
    assertEquals(
        rejected(Rotation.Reason.EXPIRED), stores.refreshTokens().rotate(expiring.token()));
    assertEquals(
        rejected(Rotation.Reason.REVOKED), stores.refreshTokens().rotate(loggedOut.token()));
    assertEquals(rejected(Rotation.Reason.UNKNOWN), stores.refreshTokens().rotate("garbage"));
    assertEquals(
        rejected(Rotation.Reason.UNKNOWN),
        stores.refreshTokens().rotate("AAAAAAAAAAAAAAAAAAAAAA.secret"));
    assertEquals(rejected(Rotation.Reason.UNKNOWN), stores.refreshTokens().rotate(null));
  }

  @Test
  void shouldRevokeEveryLiveFamilyOfAUser() {
    // given
    User user = newUser();
    RefreshToken laptop = stores.refreshTokens().start(user.id(), LIFETIME);
    RefreshToken phone = stores.refreshTokens().start(user.id(), LIFETIME);
    RefreshToken other = stores.refreshTokens().start(newUser().id(), LIFETIME);
    stores.refreshTokens().revokeFamily(laptop.familyId(), RevocationReason.LOGOUT);

    // when
    int revoked =
        stores.refreshTokens().revokeAllForUser(user.id(), RevocationReason.PASSWORD_CHANGED);

    // then
    assertEquals(1, revoked);
    assertFalse(stores.refreshTokens().revokeFamily(laptop.familyId(), RevocationReason.ADMIN));
    assertEquals(rejected(Rotation.Reason.REVOKED), stores.refreshTokens().rotate(phone.token()));
    assertInstanceOf(Rotation.Rotated.class, stores.refreshTokens().rotate(other.token()));
  }

  @Test
  void shouldStoreTokensOnlyAsHashes() {
    // given
    RefreshToken first = stores.refreshTokens().start(newUser().id(), LIFETIME);
    RefreshToken second = ((Rotation.Rotated) stores.refreshTokens().rotate(first.token())).next();

    // when
    String raw = rawTable("refresh_token_families");

    // then
    assertTrue(raw.contains(Tokens.sha256Hex(second.token())), raw);
    assertFalse(raw.contains(first.token().substring(23)));
    assertFalse(raw.contains(second.token().substring(23)));
  }

  @Test
  void shouldNameTheFieldOfBadInput() {
    User user = newUser();
    assertRejected(
        "lifetime must be between PT1M and PT9600H, was PT30S",
        () -> stores.refreshTokens().start(user.id(), Duration.ofSeconds(30)));
    assertRejected(
        "userId " + (user.id() + 9) + " does not exist",
        () -> stores.refreshTokens().start(user.id() + 9, LIFETIME));
  }

  private static Rotation rejected(Rotation.Reason reason) {
    return new Rotation.Rejected(reason);
  }
}
