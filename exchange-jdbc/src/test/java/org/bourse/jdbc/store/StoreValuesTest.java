package org.bourse.jdbc.store;

import static org.bourse.jdbc.store.StoreContract.assertRejected;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.bourse.store.IpAllowList;
import org.bourse.store.PasswordHasher;
import org.bourse.store.PasswordParameters;
import org.junit.jupiter.api.Test;

/** The parts of the stores that need no database: values, hashing and sealing. */
class StoreValuesTest {

  private final SecureRandom random = new SecureRandom();

  @Test
  void shouldHashPasswordsAsArgon2idPhcStringsAndVerifyThem() {
    // given
    PasswordHasher hasher = new Argon2idHasher(StoreContract.CHEAP, random);

    // when
    String first = hasher.hash("s3cret pässword");
    String second = hasher.hash("s3cret pässword");

    // then
    assertTrue(
        first.matches("\\$argon2id\\$v=19\\$m=64,t=1,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}"),
        first);
    assertNotEquals(first, second);
    assertTrue(hasher.verify("s3cret pässword", first));
    assertFalse(hasher.verify("s3cret password", first));
    assertFalse(hasher.verify("s3cret pässword", "$argon2i$v=19$m=64,t=1,p=1$AAAA$AAAA"));
    assertFalse(hasher.verify("s3cret pässword", "garbage"));
    assertFalse(hasher.needsRehash(first));
    assertTrue(new Argon2idHasher(PasswordParameters.OWASP, random).needsRehash(first));
    assertRejected("password must be 1 to 1024 characters, was 0", () -> hasher.hash(""));
  }

  @Test
  void shouldVerifyAHashMadeByTheArgon2ReferenceImplementation() {
    // given: made by the reference CLI (Debian package argon2):
    // echo -n "correct horse" | argon2 somesaltsomesalt -id -t 2 -m 10 -p 1 -l 32 -e
    PasswordHasher hasher = new Argon2idHasher(StoreContract.CHEAP, random);
    String reference =
        "$argon2id$v=19$m=1024,t=2,p=1$c29tZXNhbHRzb21lc2FsdA"
            + "$4BnlcpLz5MRq0Izs2E2zIqpIFISeK/m9DFKmAc7uq5Y";

    // then
    assertTrue(hasher.verify("correct horse", reference));
    assertFalse(hasher.verify("correct horsE", reference));
    assertTrue(hasher.needsRehash(reference));
  }

  @Test
  void shouldUseOwaspCostsByDefaultAndCheckParameters() {
    assertEquals(new PasswordParameters(19456, 2, 1), PasswordParameters.OWASP);
    assertRejected(
        "memoryKib must be between 16 and 1048576, was 8", () -> new PasswordParameters(8, 1, 2));
    assertRejected(
        "memoryKib must be between 8 and 1048576, was 1048577",
        () -> new PasswordParameters(1048577, 1, 1));
    assertRejected(
        "iterations must be between 1 and 10, was 0", () -> new PasswordParameters(64, 0, 1));
    assertRejected(
        "iterations must be between 1 and 10, was 11", () -> new PasswordParameters(64, 11, 1));
  }

  @Test
  void shouldRefuseToComputeAStoredHashThatAsksForMoreThanTheCeiling() {
    // given: a correct hash of the password, but made with 11 passes (cheap here: 64 KiB)
    PasswordHasher hasher = new Argon2idHasher(StoreContract.CHEAP, random);
    byte[] salt = new byte[16];
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withMemoryAsKB(64)
            .withIterations(11)
            .withParallelism(1)
            .withSalt(salt)
            .build());
    byte[] hash = new byte[32];
    generator.generateBytes("pw".toCharArray(), hash);
    Base64.Encoder base64 = Base64.getEncoder().withoutPadding();
    String stored =
        "$argon2id$v=19$m=64,t=11,p=1$"
            + base64.encodeToString(salt)
            + "$"
            + base64.encodeToString(hash);

    // then
    assertFalse(hasher.verify("pw", stored));
    assertTrue(hasher.needsRehash(stored));
  }

  @Test
  void shouldSealWithTheCurrentKeyAndOpenWithRetiredOnes() {
    // given
    SecretBox old = new SecretBox(SecretKeys.of("k1", StoreContract.KEY_1), random);
    SecretBox current =
        new SecretBox(
            SecretKeys.of("k2", StoreContract.KEY_2).withRetired("k1", StoreContract.KEY_1),
            random);
    byte[] secret = "the secret".getBytes(StandardCharsets.UTF_8);

    // when
    String sealedOld = old.seal(secret, "ctx");
    String sealedNew = current.seal(secret, "ctx");

    // then
    assertTrue(sealedOld.startsWith("k1:"), sealedOld);
    assertTrue(sealedNew.startsWith("k2:"), sealedNew);
    assertNotEquals(sealedNew, current.seal(secret, "ctx"));
    assertEquals("the secret", new String(current.open(sealedOld, "ctx"), StandardCharsets.UTF_8));
    assertEquals("the secret", new String(current.open(sealedNew, "ctx"), StandardCharsets.UTF_8));
    assertThrows(IllegalStateException.class, () -> current.open(sealedNew, "other"));
  }

  @Test
  void shouldReportCorruptStoredValuesAsFailingToAuthenticate() {
    // given
    SecretBox box = new SecretBox(SecretKeys.of("k1", StoreContract.KEY_1), random);
    String sealed = box.seal(new byte[20], "ctx");
    String shorterThanNonceAndTag = "k1:" + Base64.getEncoder().encodeToString(new byte[27]);

    // then
    for (String corrupt :
        List.of(
            "k1:not*base64",
            "k1:",
            "k1:AAAA",
            shorterThanNonceAndTag,
            sealed.substring(0, sealed.length() - 4))) {
      IllegalStateException failure =
          assertThrows(IllegalStateException.class, () -> box.open(corrupt, "ctx"), corrupt);
      assertEquals(
          "cannot decrypt ctx: the stored value does not authenticate", failure.getMessage());
    }
  }

  @Test
  void shouldNameTheKeyButNeverPrintItWhenKeysAreBad() {
    assertRejected(
        "secret key 'k1' must be base64 of 32 random bytes (openssl rand -base64 32), was 16 bytes",
        () -> SecretKeys.of("k1", "AAECAwQFBgcICQoLDA0ODw=="));
    assertRejected(
        "secret key 'k1' must be base64 of 32 random bytes; it is not valid base64",
        () -> SecretKeys.of("k1", "not*base64"));
    assertRejected(
        "secret key id must be 1 to 16 letters, digits, '-' or '_', was 'a:b'",
        () -> SecretKeys.of("a:b", StoreContract.KEY_1));
    assertRejected(
        "secret key id 'k1' is given twice",
        () -> SecretKeys.of("k1", StoreContract.KEY_1).withRetired("k1", StoreContract.KEY_2));
    assertFalse(SecretKeys.of("k1", StoreContract.KEY_1).toString().contains(StoreContract.KEY_1));
  }

  @Test
  void shouldKeepAllowListsCanonicalAndMatchOnlyTheirRanges() throws Exception {
    // given
    IpAllowList list =
        new IpAllowList(List.of(" 192.168.1.77/24", "2001:DB8::1", "192.168.1.0/24"));

    // then
    assertEquals(List.of("192.168.1.0/24", "2001:db8:0:0:0:0:0:1/128"), list.entries());
    assertTrue(list.allows(InetAddress.getByName("192.168.1.200")));
    assertFalse(list.allows(InetAddress.getByName("192.168.2.1")));
    assertTrue(list.allows(InetAddress.getByName("2001:db8::1")));
    assertFalse(list.allows(InetAddress.getByName("2001:db8::2")));
    assertTrue(IpAllowList.ANY.allows(InetAddress.getByName("198.51.100.1")));
    IpAllowList odd = new IpAllowList(List.of("10.0.0.0/13", "2001:db8::/33", "0.0.0.0/0"));
    assertTrue(odd.allows(InetAddress.getByName("10.7.255.255")));
    assertFalse(odd.allows(InetAddress.getByName("2001:db8:8000::")));
    assertTrue(odd.allows(InetAddress.getByName("2001:db8:7fff::")));
    assertTrue(odd.allows(InetAddress.getByName("192.0.2.1")));
    assertFalse(new IpAllowList(List.of("10.0.0.0/13")).allows(InetAddress.getByName("10.8.0.0")));
    assertEquals(list, new IpAllowList(List.of("192.168.1.0/24", "2001:db8::1/128")));
  }

  @Test
  void shouldNameTheBadAllowListEntry() {
    assertRejected(
        "ipAllowList entry '10.0.0.256' must be an IPv4 address of four decimal octets 0 to 255"
            + " without leading zeros",
        () -> new IpAllowList(List.of("10.0.0.256")));
    assertRejected(
        "ipAllowList entry '010.0.0.1' must be an IPv4 address of four decimal octets 0 to 255"
            + " without leading zeros",
        () -> new IpAllowList(List.of("010.0.0.1")));
    for (String embedded :
        List.of("::ffff:10.0.0.1", "::ffff:10.0.0.0/104", "::10.0.0.1", "::ffff:a00:1")) {
      assertRejected(
          "ipAllowList entry '"
              + embedded
              + "' is an IPv4-mapped or IPv4-compatible IPv6 address; write the IPv4 address or"
              + " range itself",
          () -> new IpAllowList(List.of(embedded)));
    }
    assertRejected(
        "ipAllowList entry '10.0.0.1:80' must be an IPv4 or IPv6 address",
        () -> new IpAllowList(List.of("10.0.0.1:80")));
    assertRejected(
        "ipAllowList entry 'example.com' must be an IPv4 or IPv6 address",
        () -> new IpAllowList(List.of("example.com")));
    assertRejected(
        "ipAllowList entry '10.0.0.0/33' must have a prefix length from 0 to 32",
        () -> new IpAllowList(List.of("10.0.0.0/33")));
    assertRejected("ipAllowList entry '10.1' must be", () -> new IpAllowList(List.of("10.1")));
    assertRejected("ipAllowList entry '1:2:3' must be", () -> new IpAllowList(List.of("1:2:3")));
  }
}
