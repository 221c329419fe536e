package org.bourse.jdbc.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bourse.store.Channel;
import org.bourse.store.Fields;
import org.bourse.store.NewNotification;
import org.bourse.store.Notification;
import org.bourse.store.NotificationOutbox;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * {@link NotificationOutbox} on the {@code notification_outbox} table.
 *
 * <p>A claim selects due rows {@code FOR UPDATE SKIP LOCKED} and moves their {@code
 * next_attempt_at_ms} to the end of the lease in the same transaction, so once it commits the rows
 * are no longer due for anyone else, and while it runs other claimers skip them. PostgreSQL locks
 * just the rows returned, so concurrent claimers get disjoint batches. H2 2.5 accepts the same SQL
 * but locks every row matching the WHERE clause before ORDER BY and LIMIT apply, so a concurrent
 * claimer on H2 skips them all and gets an empty batch: claims are serialised, never duplicated,
 * which suits the single-process embedded database.
 */
final class JdbcNotificationOutbox implements NotificationOutbox {

  private static final String COLUMNS =
      "id, user_id, channel, topic, payload, attempts, max_attempts, created_at_ms, last_error";
  private static final Duration MIN_LEASE = Duration.ofSeconds(1);
  private static final Duration MAX_LEASE = Duration.ofDays(1);

  private final Transactor transactor;
  private final Clock clock;

  JdbcNotificationOutbox(Transactor transactor, Clock clock) {
    this.transactor = transactor;
    this.clock = clock;
  }

  @Override
  public long enqueue(NewNotification notification) {
    long now = clock.millis();
    return Transactor.forUser(
        notification.userId(),
        () ->
            transactor.inTransaction(
                handle ->
                    handle
                        .createUpdate(
                            """
                            INSERT INTO notification_outbox (user_id, channel, topic, payload,
                                status, attempts, max_attempts, next_attempt_at_ms, created_at_ms)
                            VALUES (:userId, :channel, :topic, :payload,
                                    'PENDING', 0, :maxAttempts, :now, :now)
                            """)
                        .bind("userId", notification.userId())
                        .bind("channel", notification.channel().name())
                        .bind("topic", notification.topic())
                        .bind("payload", notification.payload())
                        .bind("maxAttempts", notification.maxAttempts())
                        .bind("now", now)
                        .executeAndReturnGeneratedKeys("id")
                        .mapTo(Long.class)
                        .one()));
  }

  @Override
  public List<Notification> claim(int limit, Duration lease) {
    Fields.between(limit, "limit", 1, 1000);
    Fields.between(lease, "lease", MIN_LEASE, MAX_LEASE);
    long now = clock.millis();
    return transactor.inTransaction(handle -> claim(handle, limit, now, now + lease.toMillis()));
  }

  private static List<Notification> claim(Handle handle, int limit, long now, long leaseEndMs) {
    // A worker that died holding the last attempt leaves a due row with no attempts left.
    handle
        .createUpdate(
            "UPDATE notification_outbox SET status = 'DEAD',"
                + " last_error = COALESCE(last_error, 'lease expired on the last attempt')"
                + " WHERE status = 'PENDING' AND attempts >= max_attempts"
                + " AND next_attempt_at_ms <= :now")
        .bind("now", now)
        .execute();
    List<Long> ids =
        handle
            .createQuery(
                """
                SELECT id FROM notification_outbox
                 WHERE status = 'PENDING' AND next_attempt_at_ms <= :now
                 ORDER BY next_attempt_at_ms, id
                 LIMIT :limit
                 FOR UPDATE SKIP LOCKED
                """)
            .bind("now", now)
            .bind("limit", limit)
            .mapTo(Long.class)
            .list();
    if (ids.isEmpty()) {
      return List.of();
    }
    handle
        .createUpdate(
            "UPDATE notification_outbox SET attempts = attempts + 1,"
                + " next_attempt_at_ms = :leaseEndMs WHERE id IN (<ids>)")
        .bind("leaseEndMs", leaseEndMs)
        .bindList("ids", ids)
        .execute();
    return handle
        .createQuery("SELECT " + COLUMNS + " FROM notification_outbox WHERE id IN (<ids>)")
        .bindList("ids", ids)
        .map(JdbcNotificationOutbox::notification)
        .list()
        .stream()
        .sorted((a, b) -> Integer.compare(ids.indexOf(a.id()), ids.indexOf(b.id())))
        .toList();
  }

  @Override
  public boolean markDelivered(long id, int attempt) {
    long now = clock.millis();
    return transactor.inTransaction(
        handle ->
            handle
                    .createUpdate(
                        "UPDATE notification_outbox SET status = 'DELIVERED', delivered_at_ms ="
                            + " :now WHERE id = :id AND attempts = :attempt"
                            + " AND status = 'PENDING'")
                    .bind("now", now)
                    .bind("id", id)
                    .bind("attempt", attempt)
                    .execute()
                == 1);
  }

  @Override
  public boolean markFailed(long id, int attempt, Instant retryAt, String error) {
    Objects.requireNonNull(retryAt, "retryAt");
    Objects.requireNonNull(error, "error");
    String cut = error.length() > 1000 ? error.substring(0, 1000) : error;
    return transactor.inTransaction(
        handle ->
            handle
                    .createUpdate(
                        """
                        UPDATE notification_outbox
                           SET status = CASE WHEN attempts >= max_attempts
                                             THEN 'DEAD' ELSE 'PENDING' END,
                               next_attempt_at_ms = :retryAtMs, last_error = :error
                         WHERE id = :id AND attempts = :attempt AND status = 'PENDING'
                        """)
                    .bind("retryAtMs", retryAt.toEpochMilli())
                    .bind("error", cut)
                    .bind("id", id)
                    .bind("attempt", attempt)
                    .execute()
                == 1);
  }

  @Override
  public int purgeDeliveredBefore(Instant cutoff) {
    long cutoffMs = Objects.requireNonNull(cutoff, "cutoff").toEpochMilli();
    return transactor.inTransaction(
        handle ->
            handle
                .createUpdate(
                    "DELETE FROM notification_outbox WHERE status = 'DELIVERED'"
                        + " AND delivered_at_ms < :cutoffMs")
                .bind("cutoffMs", cutoffMs)
                .execute());
  }

  @Override
  public List<Notification> listDeadLetters(long afterId, int limit) {
    Fields.between(limit, "limit", 1, 1000);
    return transactor.inTransaction(
        handle ->
            handle
                .createQuery(
                    "SELECT "
                        + COLUMNS
                        + " FROM notification_outbox WHERE status = 'DEAD' AND id > :afterId"
                        + " ORDER BY id LIMIT :limit")
                .bind("afterId", afterId)
                .bind("limit", limit)
                .map(JdbcNotificationOutbox::notification)
                .list());
  }

  private static Notification notification(ResultSet row, StatementContext context)
      throws SQLException {
    return new Notification(
        row.getLong("id"),
        row.getLong("user_id"),
        Channel.valueOf(row.getString("channel")),
        row.getString("topic"),
        row.getString("payload"),
        row.getInt("attempts"),
        row.getInt("max_attempts"),
        Columns.instant(row, "created_at_ms"),
        Optional.ofNullable(row.getString("last_error")));
  }
}
