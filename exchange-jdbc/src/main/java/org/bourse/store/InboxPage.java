package org.bourse.store;

import java.util.List;
import java.util.OptionalLong;

/**
 * One page of an inbox, newest first.
 *
 * <p><b>Thread-safety:</b> immutable.
 *
 * @param messages at most the requested number of messages
 * @param nextBeforeId the cursor for the next (older) page, empty on the last page
 */
public record InboxPage(List<InboxMessage> messages, OptionalLong nextBeforeId) {

  public InboxPage {
    messages = List.copyOf(messages);
  }
}
