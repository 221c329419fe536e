package org.bourse.store;

import java.util.Objects;

/**
 * The outcome of claiming an idempotency key.
 *
 * <p><b>Thread-safety:</b> immutable.
 */
public sealed interface IdempotencyClaim {

  /**
   * This caller was first: run the request, then complete (or release) the key with this token.
   *
   * @param claimToken random and new for each claim; it fences {@link IdempotencyStore#complete}
   *     and {@link IdempotencyStore#release}, so that a request that outlived its claim (the key
   *     expired and was claimed again) cannot touch the newer claim
   */
  record Claimed(String claimToken) implements IdempotencyClaim {

    public Claimed {
      Objects.requireNonNull(claimToken, "claimToken");
    }
  }

  /** The same request is still running elsewhere; the server answers 409 and the client retries. */
  record InProgress() implements IdempotencyClaim {}

  /** The same request completed before: replay this response. */
  record Completed(StoredResponse response) implements IdempotencyClaim {}

  /** The key was used for a different request (another fingerprint); the server answers 422. */
  record FingerprintMismatch() implements IdempotencyClaim {}
}
