package org.bourse.store;

/**
 * An API key with its secret, as the server needs it to check a request's HMAC signature, and as
 * the client sees it once when the key is made.
 *
 * <p><b>Thread-safety:</b> immutable.
 *
 * @param key the key's stored fields
 * @param secret the HMAC secret (URL-safe base64 of 32 random bytes)
 */
public record ApiKeyWithSecret(ApiKey key, String secret) {

  /** Never prints the secret. */
  @Override
  public String toString() {
    return "ApiKeyWithSecret[key=" + key + ", secret=***]";
  }
}
