package org.bourse.jdbc.projection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bourse.core.AccountKind;
import org.bourse.core.CommandResult;
import org.bourse.core.ExchangeEvent;
import org.bourse.core.ExchangeException;
import org.bourse.core.OrderState;
import org.bourse.core.Posting;
import org.bourse.jdbc.Database;

/**
 * Writes batches of results into the projection tables, together with the checkpoint, in one
 * transaction: either every row of the batch and the new checkpoint are committed, or nothing.
 *
 * <p>The checkpoint moves with a compare-and-set ({@code WHERE last_sequence = from}), so a second
 * writer on the same database (a forgotten projector, a rebuild running beside one) fails its batch
 * instead of writing rows twice. Append-only rows (order history, trades, ledger entries and
 * postings) go in as JDBC batches, which the PostgreSQL driver rewrites into multi-row inserts (see
 * {@code Database}); current-state rows (orders, balances) are reduced to their last state in the
 * batch, then updated, and inserted where no row was there yet: the same SQL on both dialects.
 *
 * <p><b>Thread-safety:</b> stateless apart from the database; one batch at a time per projection is
 * what the checkpoint allows.
 */
final class ProjectionWriter {
  static final String CHECKPOINT_NAME = "history";

  private final Database database;

  ProjectionWriter(Database database) {
    this.database = database;
  }

  /** The sequence through which the projection is complete. */
  long checkpoint() {
    try (Connection connection = database.connection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT last_sequence FROM projection_checkpoint WHERE name = ?")) {
      select.setString(1, CHECKPOINT_NAME);
      try (ResultSet rows = select.executeQuery()) {
        if (!rows.next()) {
          throw new ExchangeException("the projection_checkpoint row is missing");
        }
        return rows.getLong(1);
      }
    } catch (SQLException e) {
      throw new ExchangeException("cannot read the projection checkpoint", e);
    }
  }

  /**
   * Applies the results of the journal sequences {@code fromSequence + 1 .. toSequence} and moves
   * the checkpoint from {@code fromSequence} to {@code toSequence}.
   *
   * @param results the results of those sequences that carry events, in sequence order (duplicates
   *     and rejections carry none and may be left out)
   * @throws ExchangeException if the checkpoint is no longer {@code fromSequence} (another writer
   *     moved it) or the database refuses the batch; nothing of the batch is then written
   */
  void write(long fromSequence, long toSequence, List<CommandResult> results) {
    try (Connection connection = database.connection()) {
      connection.setAutoCommit(false);
      try {
        writeRows(connection, results);
        moveCheckpoint(connection, fromSequence, toSequence);
        connection.commit();
      } catch (SQLException | RuntimeException failed) {
        connection.rollback();
        throw failed;
      }
    } catch (SQLException e) {
      throw new ExchangeException(
          "cannot write the results of sequences "
              + (fromSequence + 1)
              + " to "
              + toSequence
              + ": "
              + e.getMessage(),
          e);
    }
  }

  /** Deletes every projected row and sets the checkpoint to 0, in one transaction. */
  void clear() {
    try (Connection connection = database.connection()) {
      connection.setAutoCommit(false);
      try (PreparedStatement reset =
          connection.prepareStatement(
              "UPDATE projection_checkpoint SET last_sequence = 0 WHERE name = ?")) {
        for (String table :
            List.of(
                "orders",
                "order_history",
                "trades",
                "ledger_entries",
                "ledger_postings",
                "balances")) {
          try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table)) {
            delete.executeUpdate();
          }
        }
        reset.setString(1, CHECKPOINT_NAME);
        reset.executeUpdate();
        connection.commit();
      } catch (SQLException | RuntimeException failed) {
        connection.rollback();
        throw failed;
      }
    } catch (SQLException e) {
      throw new ExchangeException("cannot clear the projection: " + e.getMessage(), e);
    }
  }

  private static void moveCheckpoint(Connection connection, long from, long to)
      throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE projection_checkpoint SET last_sequence = ?"
                + " WHERE name = ? AND last_sequence = ?")) {
      update.setLong(1, to);
      update.setString(2, CHECKPOINT_NAME);
      update.setLong(3, from);
      if (update.executeUpdate() != 1) {
        throw new ExchangeException(
            "the projection checkpoint is no longer at sequence "
                + from
                + ": another projector or a rebuild writes to this database");
      }
    }
  }

  private static void writeRows(Connection connection, List<CommandResult> results)
      throws SQLException {
    Map<Long, OrderRow> orders = new LinkedHashMap<>();
    Map<BalanceKey, ExchangeEvent.BalanceChanged> balances = new LinkedHashMap<>();
    Map<BalanceKey, Long> balanceSequence = new HashMap<>();
    try (PreparedStatement history = connection.prepareStatement(INSERT_HISTORY);
        PreparedStatement trades = connection.prepareStatement(INSERT_TRADE);
        PreparedStatement entries = connection.prepareStatement(INSERT_ENTRY);
        PreparedStatement postings = connection.prepareStatement(INSERT_POSTING)) {
      for (CommandResult result : results) {
        long sequence = result.sequence();
        long timestampMs = result.timestampMs();
        List<ExchangeEvent> events = result.events();
        Map<PostingKey, Long> balancesAfter = balancesAfter(events);
        for (int index = 0; index < events.size(); index++) {
          ExchangeEvent event = events.get(index);
          if (event instanceof OrderState order) {
            addHistory(history, sequence, index, timestampMs, order);
            orders
                .computeIfAbsent(order.orderId(), id -> new OrderRow(sequence, timestampMs))
                .update(order, sequence, timestampMs);
          } else if (event instanceof ExchangeEvent.Trade trade) {
            addTrade(trades, sequence, timestampMs, trade);
          } else if (event instanceof ExchangeEvent.LedgerEntry entry) {
            addEntry(entries, timestampMs, entry);
            addPostings(postings, entry, balancesAfter);
          } else if (event instanceof ExchangeEvent.BalanceChanged balance) {
            BalanceKey key = new BalanceKey(balance.userId(), balance.assetId());
            balances.put(key, balance);
            balanceSequence.put(key, sequence);
          }
          // Book deltas, stop triggers and instrument status changes are market data, not history.
        }
      }
      history.executeBatch();
      trades.executeBatch();
      entries.executeBatch();
      postings.executeBatch();
    }
    writeOrders(connection, orders);
    writeBalances(connection, balances, balanceSequence);
  }

  /**
   * The balance of every user account a result's postings touch, after each posting, walking back
   * from the balances the result ends with: the engine reports every touched user account's final
   * balance in a {@code BalanceChanged} of the same result, so no earlier state is needed.
   */
  private static Map<PostingKey, Long> balancesAfter(List<ExchangeEvent> events) {
    Map<AccountKey, Long> running = new HashMap<>();
    for (ExchangeEvent event : events) {
      if (event instanceof ExchangeEvent.BalanceChanged balance) {
        running.put(
            new AccountKey(balance.userId(), AccountKind.AVAILABLE, balance.assetId()),
            balance.available());
        running.put(
            new AccountKey(balance.userId(), AccountKind.HELD, balance.assetId()), balance.held());
      }
    }
    Map<PostingKey, Long> after = new HashMap<>();
    for (int e = events.size() - 1; e >= 0; e--) {
      if (events.get(e) instanceof ExchangeEvent.LedgerEntry entry) {
        List<Posting> postings = entry.postings();
        for (int p = postings.size() - 1; p >= 0; p--) {
          Posting posting = postings.get(p);
          if (posting.account().isUserAccount()) {
            AccountKey account =
                new AccountKey(posting.userId(), posting.account(), posting.assetId());
            Long balance = running.get(account);
            if (balance == null) {
              throw new ExchangeException(
                  "ledger entry "
                      + entry.entryId()
                      + " posts to user "
                      + posting.userId()
                      + " asset "
                      + posting.assetId()
                      + " without a balance change in the same result: the runtime must run"
                      + " with EventDetail.FULL");
            }
            after.put(new PostingKey(entry.entryId(), p), balance);
            running.put(account, Math.subtractExact(balance, posting.amount()));
          }
        }
      }
    }
    return after;
  }

  private static void addHistory(
      PreparedStatement insert, long sequence, int index, long timestampMs, OrderState order)
      throws SQLException {
    insert.setLong(1, sequence);
    insert.setInt(2, index);
    insert.setLong(3, order.orderId());
    insert.setString(4, order.status().name());
    insert.setLong(5, order.priceTicks());
    insert.setLong(6, order.quantityLots());
    insert.setLong(7, order.filledLots());
    insert.setLong(8, order.cumulativeQuote());
    insert.setLong(9, order.feesPaid());
    insert.setLong(10, timestampMs);
    insert.addBatch();
  }

  private static void addTrade(
      PreparedStatement insert, long sequence, long timestampMs, ExchangeEvent.Trade trade)
      throws SQLException {
    insert.setLong(1, trade.tradeId());
    insert.setLong(2, sequence);
    insert.setLong(3, timestampMs);
    insert.setInt(4, trade.instrumentId());
    insert.setLong(5, trade.priceTicks());
    insert.setLong(6, trade.quantityLots());
    insert.setLong(7, trade.quoteAmount());
    insert.setLong(8, trade.makerOrderId());
    insert.setLong(9, trade.takerOrderId());
    insert.setLong(10, trade.makerUserId());
    insert.setLong(11, trade.takerUserId());
    insert.setString(12, trade.takerSide().name());
    insert.setLong(13, trade.makerFee());
    insert.setLong(14, trade.takerFee());
    insert.addBatch();
  }

  private static void addEntry(
      PreparedStatement insert, long timestampMs, ExchangeEvent.LedgerEntry entry)
      throws SQLException {
    insert.setLong(1, entry.entryId());
    insert.setLong(2, entry.sequence());
    insert.setLong(3, entry.commandId());
    insert.setLong(4, timestampMs);
    insert.setString(5, entry.kind().name());
    insert.setLong(6, entry.hash());
    insert.addBatch();
  }

  private static void addPostings(
      PreparedStatement insert, ExchangeEvent.LedgerEntry entry, Map<PostingKey, Long> after)
      throws SQLException {
    List<Posting> postings = entry.postings();
    for (int p = 0; p < postings.size(); p++) {
      Posting posting = postings.get(p);
      insert.setLong(1, entry.entryId());
      insert.setInt(2, p);
      insert.setLong(3, posting.userId());
      insert.setString(4, posting.account().name());
      insert.setInt(5, posting.assetId());
      insert.setLong(6, posting.amount());
      Long balance = after.get(new PostingKey(entry.entryId(), p));
      if (balance == null) {
        insert.setNull(7, Types.BIGINT);
      } else {
        insert.setLong(7, balance);
      }
      insert.addBatch();
    }
  }

  private static void writeOrders(Connection connection, Map<Long, OrderRow> orders)
      throws SQLException {
    if (orders.isEmpty()) {
      return;
    }
    List<OrderRow> rows = new ArrayList<>(orders.values());
    int[] updated;
    try (PreparedStatement update = connection.prepareStatement(UPDATE_ORDER)) {
      for (OrderRow row : rows) {
        OrderState s = row.state;
        update.setString(1, s.status().name());
        update.setLong(2, s.priceTicks());
        update.setLong(3, s.stopPriceTicks());
        update.setLong(4, s.quantityLots());
        update.setLong(5, s.quoteAmount());
        update.setLong(6, s.filledLots());
        update.setLong(7, s.cumulativeQuote());
        update.setLong(8, s.feesPaid());
        update.setLong(9, row.updatedSequence);
        update.setLong(10, row.updatedMs);
        update.setLong(11, s.orderId());
        update.addBatch();
      }
      updated = update.executeBatch();
    }
    try (PreparedStatement insert = connection.prepareStatement(INSERT_ORDER)) {
      boolean any = false;
      for (int i = 0; i < rows.size(); i++) {
        if (updated[i] == 0) {
          addOrder(insert, rows.get(i));
          any = true;
        }
      }
      if (any) {
        insert.executeBatch();
      }
    }
  }

  private static void addOrder(PreparedStatement insert, OrderRow row) throws SQLException {
    OrderState s = row.state;
    insert.setLong(1, s.orderId());
    insert.setLong(2, s.userId());
    insert.setInt(3, s.instrumentId());
    insert.setString(4, s.clientOrderId());
    insert.setString(5, s.side().name());
    insert.setString(6, s.type().name());
    insert.setString(7, s.timeInForce().name());
    insert.setString(8, s.selfTradePrevention().name());
    insert.setString(9, s.status().name());
    insert.setLong(10, s.priceTicks());
    insert.setLong(11, s.stopPriceTicks());
    insert.setLong(12, s.quantityLots());
    insert.setLong(13, s.quoteAmount());
    insert.setLong(14, s.filledLots());
    insert.setLong(15, s.cumulativeQuote());
    insert.setLong(16, s.feesPaid());
    insert.setLong(17, row.createdSequence);
    insert.setLong(18, row.createdMs);
    insert.setLong(19, row.updatedSequence);
    insert.setLong(20, row.updatedMs);
    insert.addBatch();
  }

  private static void writeBalances(
      Connection connection,
      Map<BalanceKey, ExchangeEvent.BalanceChanged> balances,
      Map<BalanceKey, Long> sequences)
      throws SQLException {
    if (balances.isEmpty()) {
      return;
    }
    List<ExchangeEvent.BalanceChanged> rows = new ArrayList<>(balances.values());
    int[] updated;
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE balances SET available = ?, held = ?, sequence = ?"
                + " WHERE user_id = ? AND asset_id = ?")) {
      for (ExchangeEvent.BalanceChanged b : rows) {
        update.setLong(1, b.available());
        update.setLong(2, b.held());
        update.setLong(3, sequences.get(new BalanceKey(b.userId(), b.assetId())));
        update.setLong(4, b.userId());
        update.setInt(5, b.assetId());
        update.addBatch();
      }
      updated = update.executeBatch();
    }
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO balances (user_id, asset_id, available, held, sequence)"
                + " VALUES (?, ?, ?, ?, ?)")) {
      boolean any = false;
      for (int i = 0; i < rows.size(); i++) {
        if (updated[i] == 0) {
          ExchangeEvent.BalanceChanged b = rows.get(i);
          insert.setLong(1, b.userId());
          insert.setInt(2, b.assetId());
          insert.setLong(3, b.available());
          insert.setLong(4, b.held());
          insert.setLong(5, sequences.get(new BalanceKey(b.userId(), b.assetId())));
          insert.addBatch();
          any = true;
        }
      }
      if (any) {
        insert.executeBatch();
      }
    }
  }

  /** An order's last state in a batch, and when it was first and last seen there. */
  private static final class OrderRow {
    final long createdSequence;
    final long createdMs;
    OrderState state;
    long updatedSequence;
    long updatedMs;

    OrderRow(long createdSequence, long createdMs) {
      this.createdSequence = createdSequence;
      this.createdMs = createdMs;
    }

    void update(OrderState newState, long sequence, long timestampMs) {
      state = newState;
      updatedSequence = sequence;
      updatedMs = timestampMs;
    }
  }

  private record BalanceKey(long userId, int assetId) {}

  private record AccountKey(long userId, AccountKind kind, int assetId) {}

  private record PostingKey(long entryId, int postingIndex) {}

  private static final String INSERT_HISTORY =
      "INSERT INTO order_history (sequence, event_index, order_id, status, price_ticks,"
          + " quantity_lots, filled_lots, cumulative_quote, fees_paid, timestamp_ms)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private static final String INSERT_TRADE =
      "INSERT INTO trades (trade_id, sequence, timestamp_ms, instrument_id, price_ticks,"
          + " quantity_lots, quote_amount, maker_order_id, taker_order_id, maker_user_id,"
          + " taker_user_id, taker_side, maker_fee, taker_fee)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private static final String INSERT_ENTRY =
      "INSERT INTO ledger_entries (entry_id, sequence, command_id, timestamp_ms, kind, hash)"
          + " VALUES (?, ?, ?, ?, ?, ?)";

  private static final String INSERT_POSTING =
      "INSERT INTO ledger_postings (entry_id, posting_index, user_id, account, asset_id, amount,"
          + " balance_after) VALUES (?, ?, ?, ?, ?, ?, ?)";

  private static final String UPDATE_ORDER =
      "UPDATE orders SET status = ?, price_ticks = ?, stop_price_ticks = ?, quantity_lots = ?,"
          + " quote_amount = ?, filled_lots = ?, cumulative_quote = ?, fees_paid = ?,"
          + " updated_sequence = ?, updated_ms = ? WHERE order_id = ?";

  private static final String INSERT_ORDER =
      "INSERT INTO orders (order_id, user_id, instrument_id, client_order_id, side, order_type,"
          + " time_in_force, self_trade_prevention, status, price_ticks, stop_price_ticks,"
          + " quantity_lots, quote_amount, filled_lots, cumulative_quote, fees_paid,"
          + " created_sequence, created_ms, updated_sequence, updated_ms)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
}
