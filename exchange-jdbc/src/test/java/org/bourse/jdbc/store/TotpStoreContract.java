package org.bourse.jdbc.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import org.bourse.jdbc.TestDatabase.Backend;
import org.bourse.store.StoreConflictException;
import org.bourse.store.TotpEnrolment;
import org.bourse.store.User;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;

abstract class TotpStoreContract extends StoreContract {

  private static final byte[] SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

  TotpStoreContract(Backend backend) {
    super(backend);
  }

  @Test
  void shouldEnrolConfirmAndFindTheSeed() {
    // given
    User user = newUser();
    stores.totp().enrol(user.id(), SEED);
    clock.advance(Duration.ofSeconds(30));

    // when
    boolean confirmed = stores.totp().confirm(user.id(), 1000);

    // then
    TotpEnrolment enrolment = stores.totp().find(user.id()).orElseThrow();
    assertTrue(confirmed);
    assertFalse(stores.totp().confirm(user.id(), 1001));
    assertArrayEquals(SEED, enrolment.seed());
    assertTrue(enrolment.confirmed());
    assertEquals(Optional.of(clock.instant()), enrolment.confirmedAt());
    assertEquals(OptionalLong.of(1000), enrolment.lastUsedStep());
    assertEquals(Optional.empty(), stores.totp().find(newUser().id()));
  }

  @Test
  void shouldNeverStoreTheSeedInPlaintext() {
    // given
    User user = newUser();
    stores.totp().enrol(user.id(), SEED);

    // when
    String raw = rawTable("totp_enrolments");

    // then
    assertTrue(raw.contains("k1:"), raw);
    assertFalse(raw.contains("1234567890"));
    assertFalse(raw.toLowerCase(Locale.ROOT).contains(HexFormat.of().formatHex(SEED)));
    assertFalse(raw.contains(Base64.getEncoder().encodeToString(SEED).substring(0, 20)));
  }

  @Test
  void shouldReplaceAnUnconfirmedSeedButNotAConfirmedOne() {
    // given
    User user = newUser();
    byte[] other = new byte[20];
    stores.totp().enrol(user.id(), SEED);
    stores.totp().enrol(user.id(), other);
    stores.totp().confirm(user.id(), 1000);

    // when
    StoreConflictException conflict =
        assertThrows(StoreConflictException.class, () -> stores.totp().enrol(user.id(), SEED));

    // then
    assertEquals(
        "userId " + user.id() + " already has a confirmed TOTP enrolment; remove it first",
        conflict.getMessage());
    assertArrayEquals(other, stores.totp().find(user.id()).orElseThrow().seed());
    assertTrue(stores.totp().remove(user.id()));
    assertFalse(stores.totp().remove(user.id()));
    stores.totp().enrol(user.id(), SEED);
  }

  @Test
  void shouldNotAcceptTheConfirmingCodeAgainForALogin() {
    // given
    User user = newUser();
    stores.totp().enrol(user.id(), SEED);
    User unconfirmed = newUser();
    stores.totp().enrol(unconfirmed.id(), SEED);
    stores.totp().acceptTimeStep(unconfirmed.id(), 1000);

    // when
    boolean confirmed = stores.totp().confirm(user.id(), 1000);

    // then
    assertTrue(confirmed);
    assertFalse(stores.totp().acceptTimeStep(user.id(), 1000));
    assertTrue(stores.totp().acceptTimeStep(user.id(), 1001));
    assertFalse(stores.totp().confirm(unconfirmed.id(), 1000));
    assertFalse(stores.totp().find(unconfirmed.id()).orElseThrow().confirmed());
  }

  @Test
  void shouldLetAnEnrolmentWaitingForAConcurrentOneReplaceItsUnconfirmedSeed() throws Exception {
    // given: another transaction has enrolled the user but not committed yet
    User user = newUser();
    Handle enrolling = openTransaction();
    enrolling
        .createUpdate(
            "INSERT INTO totp_enrolments (user_id, seed_encrypted, confirmed, created_at_ms)"
                + " VALUES (:userId, 'k1:AAAA', FALSE, 0)")
        .bind("userId", user.id())
        .execute();
    byte[] mine = new byte[32];

    // when
    afterWaitingFor(
        enrolling,
        Handle::commit,
        "INSERT INTO totp_enrolments",
        () -> {
          stores.totp().enrol(user.id(), mine);
          return null;
        });

    // then
    TotpEnrolment enrolment = stores.totp().find(user.id()).orElseThrow();
    assertArrayEquals(mine, enrolment.seed());
    assertFalse(enrolment.confirmed());
  }

  @Test
  void shouldAcceptEachTimeStepOnceAndNeverAnEarlierOne() throws Exception {
    // given
    User user = newUser();
    stores.totp().enrol(user.id(), SEED);
    Callable<Boolean> accept = () -> stores.totp().acceptTimeStep(user.id(), 1000);

    // when
    List<Boolean> concurrent = race(List.of(accept, accept));

    // then
    assertEquals(1, concurrent.stream().filter(won -> won).count(), concurrent.toString());
    assertFalse(stores.totp().acceptTimeStep(user.id(), 999));
    assertTrue(stores.totp().acceptTimeStep(user.id(), 1001));
    assertEquals(OptionalLong.of(1001), stores.totp().find(user.id()).orElseThrow().lastUsedStep());
    assertFalse(stores.totp().acceptTimeStep(newUser().id(), 5));
  }

  @Test
  void shouldConsumeEachRecoveryCodeOnce() {
    // given
    User user = newUser();
    List<String> codes = stores.totp().replaceRecoveryCodes(user.id(), 10);

    // when
    boolean first = stores.totp().consumeRecoveryCode(user.id(), codes.get(0));
    boolean second = stores.totp().consumeRecoveryCode(user.id(), codes.get(0));
    boolean relaxed =
        stores
            .totp()
            .consumeRecoveryCode(
                user.id(), " " + codes.get(1).replace("-", "").toUpperCase(Locale.ROOT));

    // then
    assertTrue(first);
    assertFalse(second);
    assertTrue(relaxed);
    assertEquals(8, stores.totp().remainingRecoveryCodes(user.id()));
    assertFalse(rawTable("recovery_codes").contains(codeHash(user, codes.get(0))));
    assertEquals(10, new HashSet<>(codes).size());
    assertTrue(codes.get(0).matches("[a-z2-7]{4}(-[a-z2-7]{4}){3}"), codes.get(0));
    assertFalse(stores.totp().consumeRecoveryCode(newUser().id(), codes.get(2)));
    assertFalse(stores.totp().consumeRecoveryCode(user.id(), "short"));
  }

  @Test
  void shouldLetOnlyOneOfTwoConcurrentConsumersOfACodeSucceed() throws Exception {
    // given
    User user = newUser();
    String code = stores.totp().replaceRecoveryCodes(user.id(), 1).get(0);
    Callable<Boolean> consume = () -> stores.totp().consumeRecoveryCode(user.id(), code);

    // when
    List<Boolean> outcomes = race(List.of(consume, consume));

    // then
    assertEquals(1, outcomes.stream().filter(won -> won).count(), outcomes.toString());
    assertEquals(0, stores.totp().remainingRecoveryCodes(user.id()));
  }

  @Test
  void shouldStoreRecoveryCodesOnlyAsHashesAndReplaceThemAll() {
    // given
    User user = newUser();
    List<String> old = stores.totp().replaceRecoveryCodes(user.id(), 5);

    // when
    List<String> fresh = stores.totp().replaceRecoveryCodes(user.id(), 3);

    // then
    String raw = rawTable("recovery_codes");
    for (String code : fresh) {
      assertFalse(raw.contains(code.replace("-", "")), raw);
      assertFalse(raw.contains(code.substring(0, 4) + code.substring(5, 9)), raw);
    }
    assertFalse(stores.totp().consumeRecoveryCode(user.id(), old.get(0)));
    assertEquals(3, stores.totp().remainingRecoveryCodes(user.id()));
  }

  @Test
  void shouldNameTheFieldOfBadInput() {
    User user = newUser();
    assertRejected(
        "seed length in bytes must be between 16 and 64, was 8",
        () -> stores.totp().enrol(user.id(), new byte[8]));
    assertRejected(
        "count must be between 1 and 20, was 21",
        () -> stores.totp().replaceRecoveryCodes(user.id(), 21));
    assertRejected(
        "timeStep must not be negative, was -1", () -> stores.totp().acceptTimeStep(user.id(), -1));
    assertRejected(
        "timeStep must not be negative, was -2", () -> stores.totp().confirm(user.id(), -2));
    assertRejected(
        "userId " + (user.id() + 7) + " does not exist",
        () -> stores.totp().enrol(user.id() + 7, SEED));
  }

  private static String codeHash(User user, String code) {
    return Tokens.sha256Hex(user.id() + ":" + code.replace("-", ""));
  }
}
