package org.bourse.jdbc.projection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
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
import org.bourse.jdbc.Dialect;

/**
 * Writes batches of results into the projection tables, together with the checkpoint, in one
 * transaction: either every row of the batch and the new checkpoint are committed, or nothing.
 *
 * <p>The checkpoint moves first, with a compare-and-set ({@code WHERE last_sequence = from}), so a
 * second writer on the same database (a forgotten projector, a rebuild running beside one) waits
 * for the first one's transaction and then fails its batch, instead of writing rows twice.
 *
 * <p>How the rows go in (see {@link Rows}): new rows (order history, trades, ledger entries and
 * postings, new orders, new balances) as one binary {@code COPY} stream per table on PostgreSQL and
 * as batch inserts on H2; the current-state rows (orders, balances) are first reduced to their last
 * state in the batch, and those already in the table are updated in one JDBC batch per table. The
 * SQL is the same on both dialects. On PostgreSQL a batch's commit does not wait for the
 * write-ahead log to be flushed ({@code synchronous_commit} off for the transaction): a server
 * crash can only lose the last batches together with their checkpoint, which the next writer then
 * applies again from the journal.
 *
 * <p><b>Thread-safety:</b> stateless apart from the database; one batch at a time per projection is
 * what the checkpoint allows.
 */
final class ProjectionWriter {
  static final String CHECKPOINT_NAME = "history";

  private final Database database;
  private final Dialect dialect;

  ProjectionWriter(Database database) {
    this.database = database;
    this.dialect = database.dialect();
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
        if (dialect == Dialect.POSTGRESQL) {
          try (Statement statement = connection.createStatement()) {
            statement.execute("SET LOCAL synchronous_commit TO off");
          }
        }
        moveCheckpoint(connection, fromSequence, toSequence);
        writeRows(connection, results);
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
        for (Table table : Table.values()) {
          try (PreparedStatement delete =
              connection.prepareStatement("DELETE FROM " + table.name)) {
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

  private void writeRows(Connection connection, List<CommandResult> results) throws SQLException {
    Map<Long, OrderRow> orders = new LinkedHashMap<>();
    Map<BalanceKey, BalanceRow> balances = new LinkedHashMap<>();
    PostingBalances balancesAfter = new PostingBalances();
    try (Rows history = appender(connection, Table.ORDER_HISTORY);
        Rows trades = appender(connection, Table.TRADES);
        Rows entries = appender(connection, Table.LEDGER_ENTRIES);
        Rows postings = appender(connection, Table.LEDGER_POSTINGS)) {
      for (CommandResult result : results) {
        long sequence = result.sequence();
        long timestampMs = result.timestampMs();
        List<ExchangeEvent> events = result.events();
        balancesAfter.compute(events);
        int posting = 0;
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
            posting = addPostings(postings, entry, balancesAfter, posting);
          } else if (event instanceof ExchangeEvent.BalanceChanged balance) {
            balances.put(
                new BalanceKey(balance.userId(), balance.assetId()),
                new BalanceRow(balance, sequence));
          }
          // Book deltas, stop triggers and instrument status changes are market data, not history.
        }
      }
      history.send();
      trades.send();
      entries.send();
      postings.send();
    }
    writeOrders(connection, orders.values());
    writeBalances(connection, balances.values());
  }

  /** Append-only rows: binary {@code COPY} on PostgreSQL, a batch insert on H2. */
  private Rows appender(Connection connection, Table table) throws SQLException {
    if (dialect == Dialect.POSTGRESQL) {
      return new Rows.Copy(connection, table.name + " (" + table.columns + ")", table.count());
    }
    return new Rows.Batch(
        connection,
        "INSERT INTO " + table.name + " (" + table.columns + ") VALUES (" + table.marks() + ")");
  }

  /**
   * Orders: the engine numbers orders in the order it accepts them, so an order above the highest
   * id in the table is new and goes in with the append-only rows; the others are updated in one
   * batch. An update that finds no row (which that numbering rules out) inserts the order after
   * all, so the result never depends on it.
   */
  private void writeOrders(Connection connection, Collection<OrderRow> orders) throws SQLException {
    if (orders.isEmpty()) {
      return;
    }
    long highest;
    try (PreparedStatement select =
            connection.prepareStatement("SELECT COALESCE(MAX(order_id), 0) FROM orders");
        ResultSet row = select.executeQuery()) {
      row.next();
      highest = row.getLong(1);
    }
    List<OrderRow> updated = new ArrayList<>();
    try (Rows inserts = appender(connection, Table.ORDERS);
        Rows.Batch updates = new Rows.Batch(connection, Table.ORDERS.updateSql())) {
      for (OrderRow row : orders) {
        if (row.state.orderId() > highest) {
          addOrder(inserts, row);
        } else {
          OrderState s = row.state;
          updates
              .start()
              .putText(s.status().name())
              .putLong(s.priceTicks())
              .putLong(s.stopPriceTicks())
              .putLong(s.quantityLots())
              .putLong(s.quoteAmount())
              .putLong(s.filledLots())
              .putLong(s.cumulativeQuote())
              .putLong(s.feesPaid())
              .putLong(row.updatedSequence)
              .putLong(row.updatedMs)
              .putLong(s.orderId())
              .end();
          updated.add(row);
        }
      }
      int[] counts = updates.execute();
      for (int i = 0; i < counts.length; i++) {
        if (counts[i] == 0) {
          addOrder(inserts, updated.get(i));
        }
      }
      inserts.send();
    }
  }

  /**
   * Balances: updated in one batch, and inserted where no row was there yet (a user's first balance
   * in an asset). A few thousand rows, updated over and over: larger batches help most.
   */
  private void writeBalances(Connection connection, Collection<BalanceRow> balances)
      throws SQLException {
    if (balances.isEmpty()) {
      return;
    }
    List<BalanceRow> rows = new ArrayList<>(balances);
    try (Rows inserts = appender(connection, Table.BALANCES);
        Rows.Batch updates = new Rows.Batch(connection, Table.BALANCES.updateSql())) {
      for (BalanceRow row : rows) {
        ExchangeEvent.BalanceChanged balance = row.balance();
        updates
            .start()
            .putLong(balance.available())
            .putLong(balance.held())
            .putLong(row.sequence())
            .putLong(balance.userId())
            .putInt(balance.assetId())
            .end();
      }
      int[] counts = updates.execute();
      for (int i = 0; i < counts.length; i++) {
        if (counts[i] == 0) {
          BalanceRow row = rows.get(i);
          ExchangeEvent.BalanceChanged balance = row.balance();
          inserts
              .start()
              .putLong(balance.userId())
              .putInt(balance.assetId())
              .putLong(balance.available())
              .putLong(balance.held())
              .putLong(row.sequence())
              .end();
        }
      }
      inserts.send();
    }
  }

  private static void addHistory(
      Rows rows, long sequence, int index, long timestampMs, OrderState order) throws SQLException {
    rows.start()
        .putLong(sequence)
        .putInt(index)
        .putLong(order.orderId())
        .putText(order.status().name())
        .putLong(order.priceTicks())
        .putLong(order.quantityLots())
        .putLong(order.filledLots())
        .putLong(order.cumulativeQuote())
        .putLong(order.feesPaid())
        .putLong(timestampMs)
        .end();
  }

  private static void addTrade(
      Rows rows, long sequence, long timestampMs, ExchangeEvent.Trade trade) throws SQLException {
    rows.start()
        .putLong(trade.tradeId())
        .putLong(sequence)
        .putLong(timestampMs)
        .putInt(trade.instrumentId())
        .putLong(trade.priceTicks())
        .putLong(trade.quantityLots())
        .putLong(trade.quoteAmount())
        .putLong(trade.makerOrderId())
        .putLong(trade.takerOrderId())
        .putLong(trade.makerUserId())
        .putLong(trade.takerUserId())
        .putText(trade.takerSide().name())
        .putLong(trade.makerFee())
        .putLong(trade.takerFee())
        .end();
  }

  private static void addEntry(Rows rows, long timestampMs, ExchangeEvent.LedgerEntry entry)
      throws SQLException {
    rows.start()
        .putLong(entry.entryId())
        .putLong(entry.sequence())
        .putLong(entry.commandId())
        .putLong(timestampMs)
        .putText(entry.kind().name())
        .putLong(entry.hash())
        .end();
  }

  /**
   * @param first the position of the entry's first posting among its result's postings
   * @return the position after the entry's last posting
   */
  private static int addPostings(
      Rows rows, ExchangeEvent.LedgerEntry entry, PostingBalances balancesAfter, int first)
      throws SQLException {
    List<Posting> postings = entry.postings();
    for (int p = 0; p < postings.size(); p++) {
      Posting posting = postings.get(p);
      rows.start()
          .putLong(entry.entryId())
          .putInt(p)
          .putLong(posting.userId())
          .putText(posting.account().name())
          .putInt(posting.assetId())
          .putLong(posting.amount());
      if (posting.account().isUserAccount()) {
        rows.putLong(balancesAfter.after(first + p));
      } else {
        rows.putNullLong();
      }
      rows.end();
    }
    return first + postings.size();
  }

  private static void addOrder(Rows rows, OrderRow row) throws SQLException {
    OrderState s = row.state;
    rows.start()
        .putLong(s.orderId())
        .putLong(s.userId())
        .putInt(s.instrumentId())
        .putText(s.clientOrderId())
        .putText(s.side().name())
        .putText(s.type().name())
        .putText(s.timeInForce().name())
        .putText(s.selfTradePrevention().name())
        .putText(s.status().name())
        .putLong(s.priceTicks())
        .putLong(s.stopPriceTicks())
        .putLong(s.quantityLots())
        .putLong(s.quoteAmount())
        .putLong(s.filledLots())
        .putLong(s.cumulativeQuote())
        .putLong(s.feesPaid())
        .putLong(row.createdSequence)
        .putLong(row.createdMs)
        .putLong(row.updatedSequence)
        .putLong(row.updatedMs)
        .end();
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

  /** A balance's last state in a batch, and the sequence that reported it. */
  private record BalanceRow(ExchangeEvent.BalanceChanged balance, long sequence) {}

  /**
   * The balance of every user account a result's postings touch, after each posting, walking back
   * from the balances the result ends with: the engine reports every touched user account's final
   * balance in a {@code BalanceChanged} of the same result, so no earlier state is needed. A result
   * touches a handful of accounts, so they live in small arrays searched in order, reused from one
   * result to the next.
   */
  private static final class PostingBalances {
    private long[] users = new long[8];
    private int[] assets = new int[8];
    private long[] available = new long[8];
    private long[] held = new long[8];
    private int accounts;
    private long[] after = new long[16];

    /** Computes the balance after each user-account posting of a result. */
    void compute(List<ExchangeEvent> events) {
      accounts = 0;
      int postings = 0;
      for (ExchangeEvent event : events) {
        if (event instanceof ExchangeEvent.BalanceChanged balance) {
          int slot = slot(balance.userId(), balance.assetId());
          if (slot < 0) {
            slot = add(balance.userId(), balance.assetId());
          }
          available[slot] = balance.available();
          held[slot] = balance.held();
        } else if (event instanceof ExchangeEvent.LedgerEntry entry) {
          postings += entry.postings().size();
        }
      }
      if (after.length < postings) {
        after = new long[Math.max(postings, 2 * after.length)];
      }
      int position = postings;
      for (int e = events.size() - 1; e >= 0; e--) {
        if (events.get(e) instanceof ExchangeEvent.LedgerEntry entry) {
          List<Posting> entryPostings = entry.postings();
          for (int p = entryPostings.size() - 1; p >= 0; p--) {
            position--;
            Posting posting = entryPostings.get(p);
            if (posting.account().isUserAccount()) {
              after[position] = walkBack(entry, posting);
            }
          }
        }
      }
    }

    /**
     * The user account's balance after the posting at {@code position} among the result's postings.
     */
    long after(int position) {
      return after[position];
    }

    /** The account's balance after the posting, which becomes the balance before it. */
    private long walkBack(ExchangeEvent.LedgerEntry entry, Posting posting) {
      int slot = slot(posting.userId(), posting.assetId());
      if (slot < 0) {
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
      long[] balances = posting.account() == AccountKind.HELD ? held : available;
      long balance = balances[slot];
      balances[slot] = Math.subtractExact(balance, posting.amount());
      return balance;
    }

    private int slot(long userId, int assetId) {
      for (int i = 0; i < accounts; i++) {
        if (users[i] == userId && assets[i] == assetId) {
          return i;
        }
      }
      return -1;
    }

    private int add(long userId, int assetId) {
      if (accounts == users.length) {
        users = Arrays.copyOf(users, 2 * accounts);
        assets = Arrays.copyOf(assets, 2 * accounts);
        available = Arrays.copyOf(available, 2 * accounts);
        held = Arrays.copyOf(held, 2 * accounts);
      }
      users[accounts] = userId;
      assets[accounts] = assetId;
      return accounts++;
    }
  }

  /**
   * A projection table: its name and columns, in the order rows are put; for a current-state table
   * also its key and the columns an update sets.
   */
  enum Table {
    ORDER_HISTORY(
        "order_history",
        "sequence, event_index, order_id, status, price_ticks, quantity_lots, filled_lots,"
            + " cumulative_quote, fees_paid, timestamp_ms"),
    TRADES(
        "trades",
        "trade_id, sequence, timestamp_ms, instrument_id, price_ticks, quantity_lots,"
            + " quote_amount, maker_order_id, taker_order_id, maker_user_id, taker_user_id,"
            + " taker_side, maker_fee, taker_fee"),
    LEDGER_ENTRIES("ledger_entries", "entry_id, sequence, command_id, timestamp_ms, kind, hash"),
    LEDGER_POSTINGS(
        "ledger_postings",
        "entry_id, posting_index, user_id, account, asset_id, amount, balance_after"),
    ORDERS(
        "orders",
        "order_id, user_id, instrument_id, client_order_id, side, order_type, time_in_force,"
            + " self_trade_prevention, status, price_ticks, stop_price_ticks, quantity_lots,"
            + " quote_amount, filled_lots, cumulative_quote, fees_paid, created_sequence,"
            + " created_ms, updated_sequence, updated_ms",
        "order_id",
        "status, price_ticks, stop_price_ticks, quantity_lots, quote_amount, filled_lots,"
            + " cumulative_quote, fees_paid, updated_sequence, updated_ms"),
    BALANCES(
        "balances",
        "user_id, asset_id, available, held, sequence",
        "user_id, asset_id",
        "available, held, sequence");

    final String name;
    final String columns;
    final String key;
    final String updated;

    /** An append-only table. */
    Table(String name, String columns) {
      this(name, columns, "", "");
    }

    /** A current-state table. */
    Table(String name, String columns, String key, String updated) {
      this.name = name;
      this.columns = columns;
      this.key = key;
      this.updated = updated;
    }

    int count() {
      return columns.split(", ").length;
    }

    /** The update of a current-state row: the updated columns, then the key, as parameters. */
    String updateSql() {
      List<String> sets = List.of(updated.split(", "));
      List<String> keys = List.of(key.split(", "));
      return "UPDATE "
          + name
          + " SET "
          + String.join(", ", sets.stream().map(c -> c + " = ?").toList())
          + " WHERE "
          + String.join(" AND ", keys.stream().map(c -> c + " = ?").toList());
    }

    String marks() {
      return String.join(", ", Collections.nCopies(count(), "?"));
    }
  }
}
