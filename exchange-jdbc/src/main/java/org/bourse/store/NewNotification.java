package org.bourse.store;

import java.util.Objects;

/**
 * A notification to deliver.
 *
 * <p><b>Thread-safety:</b> immutable.
 *
 * @param userId the recipient, positive
 * @param channel how to deliver it
 * @param topic what it is about (the template name, such as {@code withdrawal.completed}), 1 to 64
 *     characters
 * @param payload the template's data (JSON, say), at most 65536 characters
 * @param maxAttempts how many delivery attempts before it becomes a dead letter, 1 to 100
 */
public record NewNotification(
    long userId, Channel channel, String topic, String payload, int maxAttempts) {

  /** The attempts {@link #of} allows. */
  public static final int DEFAULT_MAX_ATTEMPTS = 8;

  public NewNotification {
    Fields.positive(userId, "userId");
    Objects.requireNonNull(channel, "channel");
    Fields.text(topic, "topic", 64);
    Objects.requireNonNull(payload, "payload");
    if (payload.length() > 65536) {
      throw new IllegalArgumentException(
          "payload must be at most 65536 characters, was " + payload.length());
    }
    Fields.between(maxAttempts, "maxAttempts", 1, 100);
  }

  /** A notification with {@link #DEFAULT_MAX_ATTEMPTS}. */
  public static NewNotification of(long userId, Channel channel, String topic, String payload) {
    return new NewNotification(userId, channel, topic, payload, DEFAULT_MAX_ATTEMPTS);
  }
}
