package org.bourse.jdbc.store;

import java.nio.CharBuffer;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.bourse.store.PasswordHasher;
import org.bourse.store.PasswordParameters;

/**
 * Argon2id (BouncyCastle) in the PHC string format {@code
 * $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>} with unpadded standard base64, 16-byte salts and
 * 32-byte hashes, as libargon2 and most other libraries write it.
 *
 * <p><b>Thread-safety:</b> safe for concurrent use (a generator per call).
 */
final class Argon2idHasher implements PasswordHasher {

  private static final Pattern PHC =
      Pattern.compile(
          "\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,3}),p=(\\d{1,2})"
              + "\\$([A-Za-z0-9+/]{11,86})\\$([A-Za-z0-9+/]{22,86})");
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final int MAX_PASSWORD_CHARS = 1024;

  private final PasswordParameters parameters;
  private final SecureRandom random;

  Argon2idHasher(PasswordParameters parameters, SecureRandom random) {
    this.parameters = Objects.requireNonNull(parameters, "passwordParameters");
    this.random = random;
  }

  @Override
  public String hash(CharSequence password) {
    Objects.requireNonNull(password, "password");
    if (password.length() == 0 || password.length() > MAX_PASSWORD_CHARS) {
      throw new IllegalArgumentException(
          "password must be 1 to " + MAX_PASSWORD_CHARS + " characters, was " + password.length());
    }
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    byte[] hash = derive(password, salt, parameters, HASH_BYTES);
    Base64.Encoder base64 = Base64.getEncoder().withoutPadding();
    return "$argon2id$v=19$m="
        + parameters.memoryKib()
        + ",t="
        + parameters.iterations()
        + ",p="
        + parameters.parallelism()
        + "$"
        + base64.encodeToString(salt)
        + "$"
        + base64.encodeToString(hash);
  }

  @Override
  public boolean verify(CharSequence password, String storedHash) {
    Objects.requireNonNull(password, "password");
    Parsed parsed = parse(storedHash);
    if (parsed == null || password.length() > MAX_PASSWORD_CHARS) {
      return false;
    }
    byte[] candidate = derive(password, parsed.salt, parsed.parameters, parsed.hash.length);
    return MessageDigest.isEqual(candidate, parsed.hash);
  }

  @Override
  public boolean needsRehash(String storedHash) {
    Parsed parsed = parse(storedHash);
    return parsed == null || !parsed.parameters.equals(parameters);
  }

  private static byte[] derive(
      CharSequence password, byte[] salt, PasswordParameters parameters, int length) {
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withMemoryAsKB(parameters.memoryKib())
            .withIterations(parameters.iterations())
            .withParallelism(parameters.parallelism())
            .withSalt(salt)
            .build());
    char[] chars = new char[password.length()];
    CharBuffer.wrap(password).get(chars);
    byte[] out = new byte[length];
    try {
      generator.generateBytes(chars, out);
    } finally {
      Arrays.fill(chars, '\0');
    }
    return out;
  }

  /**
   * The stored hash's parts, or null if it is not an Argon2id PHC string within the bounds of
   * {@link PasswordParameters}, which are the ceiling of the work a stored hash may demand.
   */
  private static Parsed parse(String storedHash) {
    if (storedHash == null) {
      return null;
    }
    Matcher matcher = PHC.matcher(storedHash);
    if (!matcher.matches()) {
      return null;
    }
    try {
      PasswordParameters parameters =
          new PasswordParameters(
              Integer.parseInt(matcher.group(1)),
              Integer.parseInt(matcher.group(2)),
              Integer.parseInt(matcher.group(3)));
      Base64.Decoder base64 = Base64.getDecoder();
      return new Parsed(
          parameters, base64.decode(matcher.group(4)), base64.decode(matcher.group(5)));
    } catch (IllegalArgumentException outOfBounds) {
      return null;
    }
  }

  private record Parsed(PasswordParameters parameters, byte[] salt, byte[] hash) {}
}
