package org.bourse.store;

/**
 * The outcome of claiming an idempotency key.
 *
 * <p><b>Thread-safety:</b> immutable.
 */
public sealed interface IdempotencyClaim {

  /** This caller was first: run the request, then complete (or release) the key. */
  record Claimed() implements IdempotencyClaim {}

  /** The same request is still running elsewhere; the server answers 409 and the client retries. */
  record InProgress() implements IdempotencyClaim {}

  /** The same request completed before: replay this response. */
  record Completed(StoredResponse response) implements IdempotencyClaim {}

  /** The key was used for a different request (another fingerprint); the server answers 422. */
  record FingerprintMismatch() implements IdempotencyClaim {}
}
