package org.bourse.jdbc.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.bourse.store.Fields;
import org.bourse.store.InboxMessage;
import org.bourse.store.InboxPage;
import org.bourse.store.InboxStore;
import org.jdbi.v3.core.statement.StatementContext;

/** {@link InboxStore} on the {@code inbox_messages} table, paged by descending id. */
final class JdbcInboxStore implements InboxStore {

  private final Transactor transactor;
  private final Clock clock;

  JdbcInboxStore(Transactor transactor, Clock clock) {
    this.transactor = transactor;
    this.clock = clock;
  }

  @Override
  public InboxMessage add(long userId, String title, String body) {
    Fields.text(title, "title", 200);
    Objects.requireNonNull(body, "body");
    if (body.length() > 4000) {
      throw new IllegalArgumentException(
          "body must be at most 4000 characters, was " + body.length());
    }
    long now = clock.millis();
    long id =
        Transactor.forUser(
            userId,
            () ->
                transactor.inTransaction(
                    handle ->
                        handle
                            .createUpdate(
                                "INSERT INTO inbox_messages (user_id, title, body, created_at_ms)"
                                    + " VALUES (:userId, :title, :body, :now)")
                            .bind("userId", userId)
                            .bind("title", title)
                            .bind("body", body)
                            .bind("now", now)
                            .executeAndReturnGeneratedKeys("id")
                            .mapTo(Long.class)
                            .one()));
    return new InboxMessage(id, userId, title, body, Instant.ofEpochMilli(now), Optional.empty());
  }

  @Override
  public InboxPage list(long userId, OptionalLong beforeId, int limit) {
    Fields.between(limit, "limit", 1, 100);
    long before = beforeId.orElse(Long.MAX_VALUE);
    List<InboxMessage> rows =
        transactor.inTransaction(
            handle ->
                handle
                    .createQuery(
                        "SELECT id, user_id, title, body, created_at_ms, read_at_ms"
                            + " FROM inbox_messages WHERE user_id = :userId AND id < :before"
                            + " ORDER BY id DESC LIMIT :fetch")
                    .bind("userId", userId)
                    .bind("before", before)
                    .bind("fetch", limit + 1)
                    .map(JdbcInboxStore::message)
                    .list());
    if (rows.size() <= limit) {
      return new InboxPage(rows, OptionalLong.empty());
    }
    List<InboxMessage> page = rows.subList(0, limit);
    return new InboxPage(page, OptionalLong.of(page.get(limit - 1).id()));
  }

  @Override
  public int unreadCount(long userId) {
    return transactor.inTransaction(
        handle ->
            handle
                .createQuery(
                    "SELECT COUNT(*) FROM inbox_messages WHERE user_id = :userId"
                        + " AND read_at_ms IS NULL")
                .bind("userId", userId)
                .mapTo(Integer.class)
                .one());
  }

  @Override
  public boolean markRead(long userId, long messageId) {
    long now = clock.millis();
    return transactor.inTransaction(
        handle ->
            handle
                    .createUpdate(
                        "UPDATE inbox_messages SET read_at_ms = :now WHERE id = :id"
                            + " AND user_id = :userId AND read_at_ms IS NULL")
                    .bind("now", now)
                    .bind("id", messageId)
                    .bind("userId", userId)
                    .execute()
                == 1);
  }

  @Override
  public int markAllRead(long userId) {
    long now = clock.millis();
    return transactor.inTransaction(
        handle ->
            handle
                .createUpdate(
                    "UPDATE inbox_messages SET read_at_ms = :now WHERE user_id = :userId"
                        + " AND read_at_ms IS NULL")
                .bind("now", now)
                .bind("userId", userId)
                .execute());
  }

  private static InboxMessage message(ResultSet row, StatementContext context) throws SQLException {
    return new InboxMessage(
        row.getLong("id"),
        row.getLong("user_id"),
        row.getString("title"),
        row.getString("body"),
        Columns.instant(row, "created_at_ms"),
        Columns.optionalInstant(row, "read_at_ms"));
  }
}
