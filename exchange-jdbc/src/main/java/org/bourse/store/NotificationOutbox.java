package org.bourse.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The transactional outbox of notifications. Enqueue in the same transaction as the change that
 * causes the notification (see {@link StoreTransaction}); workers then claim due messages in
 * batches. A claim leases its messages: they are hidden from other claimers until the lease ends,
 * and reappear if the worker dies without marking them. Concurrent claimers never get the same
 * message while its lease runs. Delivery is at least once.
 *
 * <p><b>Thread-safety:</b> implementations are safe for concurrent use.
 */
public interface NotificationOutbox {

  /** Adds a message, due at once; returns its id. */
  long enqueue(NewNotification notification);

  /**
   * Claims up to {@code limit} due messages (1 to 1000), oldest due first, each leased for {@code
   * lease} (1 second to 1 day) and with its attempt count raised by one.
   */
  List<Notification> claim(int limit, Duration lease);

  /** Marks the claimed attempt delivered; false if the claim is stale (another attempt began). */
  boolean markDelivered(long id, int attempt);

  /**
   * Records a failed attempt: the message is due again at {@code retryAt}, or becomes a dead letter
   * if it has used all its attempts. False if the claim is stale.
   *
   * @param error what went wrong, cut to 1000 characters
   */
  boolean markFailed(long id, int attempt, Instant retryAt, String error);

  /**
   * Deletes the messages delivered before {@code cutoff} and returns how many. Dead letters stay
   * until an operator has looked at them. Run it periodically, say daily with a cutoff a week back.
   */
  int purgeDeliveredBefore(Instant cutoff);

  /** Dead letters with an id above {@code afterId} (0 for the first page), oldest first. */
  List<Notification> listDeadLetters(long afterId, int limit);
}
