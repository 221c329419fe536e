package org.bourse.store;

import java.time.Duration;

/**
 * Idempotency keys for mutating requests: (user, key) maps to the request's fingerprint (a hash of
 * method, path and body, computed by the caller), whether it is in progress or completed, and the
 * stored response. The first claim wins atomically; keys expire after a time to live and are then
 * free again.
 *
 * <p>A claim stays in progress until completed, released or expired: if the server dies while
 * running the request, repeats see {@link IdempotencyClaim.InProgress} until the key expires.
 *
 * <p><b>Thread-safety:</b> implementations are safe for concurrent use.
 */
public interface IdempotencyStore {

  /**
   * Claims the key for the request with this fingerprint.
   *
   * @param key the client's key, 1 to 64 characters of letters, digits and {@code -_.:}
   * @param fingerprint 1 to 128 characters
   * @param timeToLive how long the key is remembered, 1 second to 30 days
   */
  IdempotencyClaim claim(long userId, String key, String fingerprint, Duration timeToLive);

  /**
   * Stores the response of the claimed request.
   *
   * @param claimToken the token of this caller's {@link IdempotencyClaim.Claimed}
   * @throws IllegalStateException if the key is not in progress under this claim (it expired, and
   *     perhaps another request claimed it since)
   */
  void complete(long userId, String key, String claimToken, StoredResponse response);

  /**
   * Forgets an in-progress claim whose request had no effect (it failed before changing anything),
   * so the client may retry with the same key; false if the key is not in progress under this
   * claim.
   *
   * @param claimToken the token of this caller's {@link IdempotencyClaim.Claimed}
   */
  boolean release(long userId, String key, String claimToken);

  /** Deletes expired keys and returns how many. */
  int purgeExpired();
}
