package org.bourse.store;

import java.util.OptionalLong;

/**
 * Per-user in-app messages, listed newest first with keyset paging (stable while new messages
 * arrive, and as cheap on page 100 as on page 1).
 *
 * <p><b>Thread-safety:</b> implementations are safe for concurrent use.
 */
public interface InboxStore {

  /**
   * Adds an unread message.
   *
   * @param title 1 to 200 characters
   * @param body at most 4000 characters
   */
  InboxMessage add(long userId, String title, String body);

  /**
   * Up to {@code limit} (1 to 100) messages older than {@code beforeId} (all, when empty), newest
   * first.
   */
  InboxPage list(long userId, OptionalLong beforeId, int limit);

  /** How many of the user's messages are unread. */
  int unreadCount(long userId);

  /** Marks one of the user's messages read; false if it is not theirs or was read already. */
  boolean markRead(long userId, long messageId);

  /** Marks all the user's messages read and returns how many changed. */
  int markAllRead(long userId);
}
