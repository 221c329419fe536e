package org.bourse.core;

/**
 * Receives every command result, with its events, after the command is durable.
 *
 * <p>Each listener gets its own thread and a bounded buffer (see {@link
 * RuntimeConfig#listenerBufferSize()}), so a slow listener never slows the engine. The policy when
 * it falls behind: once its buffer is full, or when it throws, the listener is detached, told why
 * through {@link #onDetached}, and receives nothing more; it can catch up from the journal (or a
 * projection's checkpoint) and subscribe again. A listener therefore never silently misses a
 * result: it sees a gap-free prefix of the sequence, then a detach notice.
 */
public interface EventListener {

  /** One result, in sequence order. Called on the listener's own thread. */
  void onResult(CommandResult result);

  /**
   * The listener was detached and gets no more results.
   *
   * @param lastDeliveredSequence the sequence of the last result it was given (0 if none)
   * @param reason why, e.g. its buffer overflowed or it threw
   */
  default void onDetached(long lastDeliveredSequence, String reason) {}
}
