package org.bourse.jdbc.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Random tokens and their hashes.
 *
 * <p>Refresh tokens and recovery codes are hashed with plain SHA-256, not a slow password hash:
 * they are random with at least 80 bits of entropy (refresh tokens 256), so no dictionary helps and
 * trying every value is out of reach even at billions of hashes per second; a slow hash would only
 * slow down every refresh. Passwords, chosen by people, get Argon2id instead.
 *
 * <p><b>Thread-safety:</b> safe for concurrent use.
 */
final class Tokens {

  private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

  private final SecureRandom random;

  Tokens(SecureRandom random) {
    this.random = random;
  }

  /** URL-safe base64 without padding of {@code bytes} random bytes. */
  String token(int bytes) {
    byte[] raw = new byte[bytes];
    random.nextBytes(raw);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
  }

  /** {@code length} random lower-case base32 characters (5 bits each). */
  String base32(int length) {
    char[] chars = new char[length];
    for (int i = 0; i < length; i++) {
      chars[i] = BASE32[random.nextInt(BASE32.length)];
    }
    return new String(chars);
  }

  static String sha256Hex(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException required) {
      throw new IllegalStateException("every JDK has SHA-256", required);
    }
  }

  /** Compares two hashes in constant time. */
  static boolean sameHash(String a, String b) {
    return MessageDigest.isEqual(
        a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
  }
}
