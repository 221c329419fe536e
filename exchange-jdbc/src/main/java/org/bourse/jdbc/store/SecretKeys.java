package org.bourse.jdbc.store;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES-256 keys that encrypt recoverable secrets (API secrets, TOTP seeds) at rest. Each
 * ciphertext is stored with the id of the key that made it, so keys can rotate: new values are
 * encrypted with the {@linkplain #currentKeyId current} key, and values made under a {@linkplain
 * #withRetired retired} key still decrypt.
 *
 * <p>A key is given as base64 of exactly 32 random bytes ({@code openssl rand -base64 32}); a key
 * id is 1 to 16 letters, digits, {@code -} or {@code _}. Bad input is an {@link
 * IllegalArgumentException} naming the key id and the rule, never the key.
 *
 * <p><b>Thread-safety:</b> immutable.
 */
public final class SecretKeys {

  private final String currentKeyId;
  private final Map<String, SecretKeySpec> keys;

  private SecretKeys(String currentKeyId, Map<String, SecretKeySpec> keys) {
    this.currentKeyId = currentKeyId;
    this.keys = Map.copyOf(keys);
  }

  /** One current key. */
  public static SecretKeys of(String keyId, String base64Key) {
    Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
    keys.put(validKeyId(keyId), key(keyId, base64Key));
    return new SecretKeys(keyId, keys);
  }

  /**
   * These keys plus a retired key that only decrypts values made under it.
   *
   * @throws IllegalArgumentException if the id is already taken
   */
  public SecretKeys withRetired(String keyId, String base64Key) {
    if (keys.containsKey(validKeyId(keyId))) {
      throw new IllegalArgumentException("secret key id '" + keyId + "' is given twice");
    }
    Map<String, SecretKeySpec> more = new LinkedHashMap<>(keys);
    more.put(keyId, key(keyId, base64Key));
    return new SecretKeys(currentKeyId, more);
  }

  /** The id of the key new values are encrypted with. */
  public String currentKeyId() {
    return currentKeyId;
  }

  /** Lists the key ids, never the keys. */
  @Override
  public String toString() {
    return "SecretKeys[current=" + currentKeyId + ", ids=" + keys.keySet() + "]";
  }

  SecretKeySpec current() {
    return keys.get(currentKeyId);
  }

  Optional<SecretKeySpec> byId(String keyId) {
    return Optional.ofNullable(keys.get(keyId));
  }

  private static String validKeyId(String keyId) {
    Objects.requireNonNull(keyId, "secret key id");
    if (!keyId.matches("[A-Za-z0-9_-]{1,16}")) {
      throw new IllegalArgumentException(
          "secret key id must be 1 to 16 letters, digits, '-' or '_', was '" + keyId + "'");
    }
    return keyId;
  }

  private static SecretKeySpec key(String keyId, String base64Key) {
    Objects.requireNonNull(base64Key, "secret key '" + keyId + "'");
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(base64Key.strip());
    } catch (IllegalArgumentException notBase64) {
      throw new IllegalArgumentException(
          "secret key '" + keyId + "' must be base64 of 32 random bytes; it is not valid base64");
    }
    if (bytes.length != 32) {
      throw new IllegalArgumentException(
          "secret key '"
              + keyId
              + "' must be base64 of 32 random bytes (openssl rand -base64 32), was "
              + bytes.length
              + " bytes");
    }
    return new SecretKeySpec(bytes, "AES");
  }
}
