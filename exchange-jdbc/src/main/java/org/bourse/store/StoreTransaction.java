package org.bourse.store;

/**
 * Stores bound to one database transaction: what is written through them commits or rolls back
 * together, so a notification is enqueued if and only if the change that caused it is stored. Valid
 * only inside the callback that received it.
 *
 * <p><b>Thread-safety:</b> confined to the thread running the callback.
 */
public interface StoreTransaction {

  /** Users, in this transaction. */
  UserStore users();

  /** The outbox, in this transaction. */
  NotificationOutbox outbox();

  /** The inbox, in this transaction. */
  InboxStore inbox();
}
