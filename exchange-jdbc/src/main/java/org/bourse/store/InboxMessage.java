package org.bourse.store;

import java.time.Instant;
import java.util.Optional;

/**
 * A message in a user's in-app inbox.
 *
 * <p><b>Thread-safety:</b> immutable.
 *
 * @param id increasing in the order messages arrive; also the paging cursor
 * @param userId the recipient
 * @param title a short title
 * @param body the text
 * @param createdAt when it arrived
 * @param readAt when the user read it, if they did
 */
public record InboxMessage(
    long id, long userId, String title, String body, Instant createdAt, Optional<Instant> readAt) {

  /** Whether the user has read it. */
  public boolean read() {
    return readAt.isPresent();
  }
}
