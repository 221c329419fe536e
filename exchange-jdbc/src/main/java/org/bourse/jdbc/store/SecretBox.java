package org.bourse.jdbc.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts recoverable secrets with AES-256-GCM. The stored form is {@code keyId:base64(nonce ||
 * ciphertext || tag)} with a random 96-bit nonce per value. The context (say {@code
 * api-key:<keyId>}) is authenticated as associated data, so a ciphertext copied into another row
 * fails to decrypt instead of lending its secret to the wrong owner.
 *
 * <p>Random nonces are safe here: GCM's limit of about 2^32 values per key under random nonces is
 * far above the number of API keys and TOTP seeds a venue stores, and rotation resets it.
 *
 * <p><b>Thread-safety:</b> safe for concurrent use (a cipher per call).
 */
final class SecretBox {

  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final SecretKeys keys;
  private final SecureRandom random;

  SecretBox(SecretKeys keys, SecureRandom random) {
    this.keys = keys;
    this.random = random;
  }

  String seal(byte[] plaintext, String context) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    byte[] sealed = crypt(Cipher.ENCRYPT_MODE, keys.current(), nonce, plaintext, 0, context);
    ByteBuffer stored = ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed);
    return keys.currentKeyId() + ":" + Base64.getEncoder().encodeToString(stored.array());
  }

  /**
   * @throws IllegalStateException if the key id is unknown (a key was dropped before every value
   *     made under it was re-encrypted) or the value does not authenticate (tampered, truncated,
   *     not base64, or moved to another context)
   */
  byte[] open(String stored, String context) {
    int colon = stored.indexOf(':');
    String keyId = colon < 0 ? "" : stored.substring(0, colon);
    SecretKeySpec key =
        keys.byId(keyId)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "cannot decrypt "
                            + context
                            + ": secret key '"
                            + keyId
                            + "' is not configured (configure it as a retired key)"));
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(stored.substring(colon + 1));
    } catch (IllegalArgumentException notBase64) {
      throw doesNotAuthenticate(context, notBase64);
    }
    if (bytes.length < NONCE_BYTES + TAG_BITS / 8) {
      throw doesNotAuthenticate(context, null);
    }
    byte[] nonce = Arrays.copyOf(bytes, NONCE_BYTES);
    return crypt(Cipher.DECRYPT_MODE, key, nonce, bytes, NONCE_BYTES, context);
  }

  private static byte[] crypt(
      int mode, SecretKeySpec key, byte[] nonce, byte[] input, int offset, String context) {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
      return cipher.doFinal(input, offset, input.length - offset);
    } catch (AEADBadTagException tampered) {
      throw doesNotAuthenticate(context, tampered);
    } catch (GeneralSecurityException unavailable) {
      throw new IllegalStateException("AES-GCM failed for " + context, unavailable);
    }
  }

  /**
   * Stored data that is corrupt, tampered with or moved: a fault of the database, not of the
   * caller, hence an {@link IllegalStateException} even where the cause is malformed base64.
   */
  private static IllegalStateException doesNotAuthenticate(String context, Exception cause) {
    return new IllegalStateException(
        "cannot decrypt " + context + ": the stored value does not authenticate", cause);
  }
}
