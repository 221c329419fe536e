package org.bourse.store;

import java.util.List;
import java.util.Optional;

/**
 * API keys for HMAC-signed requests. The secret is encrypted at rest under the configured secret
 * key (it must be recoverable to check signatures) and bound to its key id, so a ciphertext copied
 * to another row does not decrypt.
 *
 * <p><b>Thread-safety:</b> implementations are safe for concurrent use.
 */
public interface ApiKeyStore {

  /** Makes a key with a random id and secret; the only time the caller gets to show the secret. */
  ApiKeyWithSecret create(NewApiKey key);

  /**
   * The key and its decrypted secret, revoked or not (the caller checks {@link ApiKey#revoked}).
   */
  Optional<ApiKeyWithSecret> findByKeyId(String keyId);

  /** A user's keys, revoked ones included, oldest first; secrets are not decrypted. */
  List<ApiKey> listForUser(long userId);

  /** Records that a request authenticated with the key now; false if there is no such key. */
  boolean touch(String keyId);

  /** Revokes the user's key; false if the user has no such key or it was revoked already. */
  boolean revoke(long userId, String keyId);
}
