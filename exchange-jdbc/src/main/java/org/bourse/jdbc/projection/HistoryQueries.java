package org.bourse.jdbc.projection;

import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.bourse.core.AccountKind;
import org.bourse.core.Balance;
import org.bourse.core.EntryKind;
import org.bourse.core.ExchangeEvent;
import org.bourse.core.OrderState;
import org.bourse.core.OrderStatus;
import org.bourse.core.OrderType;
import org.bourse.core.SelfTradePrevention;
import org.bourse.core.Side;
import org.bourse.core.TimeInForce;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * History queries over a {@link Projection}: a user's orders, trades and ledger statement, an
 * instrument's trades and candles. Lists are oldest first and paginated by key (keyset pagination):
 * a page ends with a cursor naming its last row, and the next page starts after it, so rows written
 * meanwhile never shift a page and no row is returned twice or skipped.
 *
 * <p>Parameters are checked before any SQL runs; a bad one is an {@link IllegalArgumentException}
 * naming it. Units as in exchange-core; time ranges are {@code [fromMs, toMs)} in epoch
 * milliseconds.
 *
 * <p><b>Thread-safety:</b> safe for concurrent use; each call reads in its own connection.
 */
public final class HistoryQueries {
  /** The most rows one page may hold. */
  public static final int MAX_PAGE = 1_000;

  /** The most candles one query may cover. */
  public static final int MAX_CANDLES = 1_000;

  private final Jdbi jdbi;

  HistoryQueries(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** The user's orders that pass the filter, by order id. */
  public Page<ProjectedOrder> orders(long userId, OrderFilter filter, String cursor, int limit) {
    requirePositive("userId", userId);
    requireLimit(limit);
    long after = Cursor.ORDERS.decode(cursor)[0];
    StringBuilder sql =
        new StringBuilder("SELECT * FROM orders WHERE user_id = :user AND order_id > :after");
    if (filter.instrumentId() != 0) {
      sql.append(" AND instrument_id = :instrument");
    }
    if (filter.status() != null) {
      sql.append(" AND status = :status");
    }
    sql.append(" AND created_ms >= :from AND created_ms < :to ORDER BY order_id LIMIT :limit");
    List<ProjectedOrder> rows =
        jdbi.withHandle(
            handle -> {
              Query query =
                  handle
                      .createQuery(sql.toString())
                      .bind("user", userId)
                      .bind("after", after)
                      .bind("from", filter.fromMs())
                      .bind("to", filter.toMs())
                      .bind("limit", limit + 1);
              if (filter.instrumentId() != 0) {
                query.bind("instrument", filter.instrumentId());
              }
              if (filter.status() != null) {
                query.bind("status", filter.status().name());
              }
              return query.map(ORDER).list();
            });
    return page(rows, limit, order -> Cursor.ORDERS.encode(order.state().orderId()));
  }

  /** The trades the user took part in, as maker or taker (or both), by trade id. */
  public Page<ProjectedTrade> userTrades(long userId, String cursor, int limit) {
    requirePositive("userId", userId);
    requireLimit(limit);
    long after = Cursor.USER_TRADES.decode(cursor)[0];
    // Two index range scans of at most limit + 1 rows each, instead of an OR that would sort every
    // trade of the user after the cursor.
    String sql =
        "SELECT * FROM trades WHERE trade_id IN ("
            + " SELECT trade_id FROM (SELECT trade_id FROM trades WHERE maker_user_id = :user"
            + "   AND trade_id > :after ORDER BY trade_id LIMIT :limit) AS m"
            + " UNION"
            + " SELECT trade_id FROM (SELECT trade_id FROM trades WHERE taker_user_id = :user"
            + "   AND trade_id > :after ORDER BY trade_id LIMIT :limit) AS t)"
            + " ORDER BY trade_id LIMIT :limit";
    List<ProjectedTrade> rows =
        jdbi.withHandle(
            handle ->
                handle
                    .createQuery(sql)
                    .bind("user", userId)
                    .bind("after", after)
                    .bind("limit", limit + 1)
                    .map(TRADE)
                    .list());
    return page(rows, limit, trade -> Cursor.USER_TRADES.encode(trade.trade().tradeId()));
  }

  /** The instrument's trades in {@code [fromMs, toMs)}, by trade id. */
  public Page<ProjectedTrade> trades(
      int instrumentId, long fromMs, long toMs, String cursor, int limit) {
    requirePositive("instrumentId", instrumentId);
    requireRange(fromMs, toMs);
    requireLimit(limit);
    long after = Cursor.TRADES.decode(cursor)[0];
    List<ProjectedTrade> rows =
        jdbi.withHandle(
            handle ->
                handle
                    .createQuery(
                        "SELECT * FROM trades WHERE instrument_id = :instrument"
                            + " AND trade_id > :after AND timestamp_ms >= :from"
                            + " AND timestamp_ms < :to ORDER BY trade_id LIMIT :limit")
                    .bind("instrument", instrumentId)
                    .bind("after", after)
                    .bind("from", fromMs)
                    .bind("to", toMs)
                    .bind("limit", limit + 1)
                    .map(TRADE)
                    .list());
    return page(rows, limit, trade -> Cursor.TRADES.encode(trade.trade().tradeId()));
  }

  /**
   * The user's ledger statement in one asset: every posting to their AVAILABLE and HELD accounts,
   * by entry and posting, each with the account's balance after it.
   */
  public Page<StatementLine> statement(long userId, int assetId, String cursor, int limit) {
    requirePositive("userId", userId);
    requirePositive("assetId", assetId);
    requireLimit(limit);
    long[] after = Cursor.STATEMENT.decode(cursor);
    List<StatementLine> rows =
        jdbi.withHandle(
            handle ->
                handle
                    .createQuery(
                        "SELECT p.entry_id, p.posting_index, e.sequence, e.timestamp_ms, e.kind,"
                            + " p.account, p.amount, p.balance_after"
                            + " FROM ledger_postings p"
                            + " JOIN ledger_entries e ON e.entry_id = p.entry_id"
                            + " WHERE p.user_id = :user AND p.asset_id = :asset"
                            + " AND (p.entry_id, p.posting_index) > (:entry, :posting)"
                            + " ORDER BY p.entry_id, p.posting_index LIMIT :limit")
                    .bind("user", userId)
                    .bind("asset", assetId)
                    .bind("entry", after[0])
                    .bind("posting", after.length > 1 ? after[1] : -1)
                    .bind("limit", limit + 1)
                    .map(STATEMENT_LINE)
                    .list());
    return page(rows, limit, line -> Cursor.STATEMENT.encode(line.entryId(), line.postingIndex()));
  }

  /**
   * The instrument's candles over {@code [fromMs, toMs)}, computed from its trades: {@code fromMs}
   * is rounded down to the interval, and intervals without trades are left out.
   *
   * @throws IllegalArgumentException if the range spans more than {@link #MAX_CANDLES} intervals
   */
  public List<Candle> candles(int instrumentId, CandleInterval interval, long fromMs, long toMs) {
    requirePositive("instrumentId", instrumentId);
    if (interval == null) {
      throw new IllegalArgumentException("interval is required");
    }
    requireRange(fromMs, toMs);
    long length = interval.millis();
    long start = fromMs - Math.floorMod(fromMs, length);
    long count = (toMs - start + length - 1) / length;
    if (count > MAX_CANDLES) {
      throw new IllegalArgumentException(
          "the time range spans "
              + count
              + " intervals of "
              + interval.label()
              + "; at most "
              + MAX_CANDLES
              + " candles per query");
    }
    // Open and close are the prices of the first and last trade (by id) of each interval.
    String sql =
        "SELECT b.open_time, f.price_ticks AS open_ticks, b.high_ticks, b.low_ticks,"
            + " l.price_ticks AS close_ticks, b.volume_lots, b.quote_volume, b.trades"
            + " FROM (SELECT open_time, MIN(trade_id) AS first_id, MAX(trade_id) AS last_id,"
            + "   MAX(price_ticks) AS high_ticks, MIN(price_ticks) AS low_ticks,"
            + "   CAST(SUM(quantity_lots) AS BIGINT) AS volume_lots,"
            + "   CAST(SUM(quote_amount) AS BIGINT) AS quote_volume, COUNT(*) AS trades"
            + "   FROM (SELECT timestamp_ms - MOD(timestamp_ms, :length) AS open_time, trade_id,"
            + "     price_ticks, quantity_lots, quote_amount FROM trades"
            + "     WHERE instrument_id = :instrument"
            + "     AND timestamp_ms >= :from AND timestamp_ms < :to) AS t"
            + "   GROUP BY open_time) AS b"
            + " JOIN trades f ON f.trade_id = b.first_id"
            + " JOIN trades l ON l.trade_id = b.last_id"
            + " ORDER BY b.open_time";
    return jdbi.withHandle(
        handle ->
            handle
                .createQuery(sql)
                .bind("length", length)
                .bind("instrument", instrumentId)
                .bind("from", start)
                .bind("to", toMs)
                .map(
                    (rs, ctx) ->
                        new Candle(
                            rs.getLong("open_time"),
                            rs.getLong("open_ticks"),
                            rs.getLong("high_ticks"),
                            rs.getLong("low_ticks"),
                            rs.getLong("close_ticks"),
                            rs.getLong("volume_lots"),
                            rs.getLong("quote_volume"),
                            rs.getLong("trades")))
                .list());
  }

  /** The user's balances by asset id, as of the checkpoint. */
  public Map<Integer, Balance> balances(long userId) {
    requirePositive("userId", userId);
    List<Map.Entry<Integer, Balance>> rows =
        jdbi.withHandle(
            handle ->
                handle
                    .createQuery(
                        "SELECT asset_id, available, held FROM balances WHERE user_id = :user")
                    .bind("user", userId)
                    .map(
                        (rs, ctx) ->
                            Map.entry(
                                rs.getInt("asset_id"),
                                new Balance(rs.getLong("available"), rs.getLong("held"))))
                    .list());
    Map<Integer, Balance> balances = new TreeMap<>();
    rows.forEach(row -> balances.put(row.getKey(), row.getValue()));
    return balances;
  }

  // -------------------------------------------------------------------------------------------

  static void requireRange(long fromMs, long toMs) {
    if (fromMs < 0) {
      throw new IllegalArgumentException("fromMs must not be negative, was " + fromMs);
    }
    if (fromMs > toMs) {
      throw new IllegalArgumentException(
          "fromMs must not be after toMs, was " + fromMs + " > " + toMs);
    }
  }

  private static void requireLimit(int limit) {
    if (limit < 1 || limit > MAX_PAGE) {
      throw new IllegalArgumentException(
          "limit must be between 1 and " + MAX_PAGE + ", was " + limit);
    }
  }

  private static void requirePositive(String name, long value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
  }

  private static <T> Page<T> page(List<T> rows, int limit, Function<T, String> cursorOf) {
    if (rows.size() > limit) {
      List<T> items = rows.subList(0, limit);
      return new Page<>(items, cursorOf.apply(items.get(limit - 1)));
    }
    return new Page<>(rows, null);
  }

  /**
   * The cursors of the paginated queries: a tag naming the query and the last row's key, so that a
   * cursor handed to another query is refused rather than silently misread.
   */
  private enum Cursor {
    ORDERS("o"),
    USER_TRADES("u"),
    TRADES("t"),
    STATEMENT("s");

    private final String tag;

    Cursor(String tag) {
      this.tag = tag;
    }

    String encode(long... key) {
      StringBuilder cursor = new StringBuilder(tag);
      for (long part : key) {
        cursor.append('.').append(part);
      }
      return cursor.toString();
    }

    /** The key after which the page starts; {0} (before everything) for a null cursor. */
    long[] decode(String cursor) {
      if (cursor == null) {
        return new long[] {0};
      }
      String[] parts = cursor.split("\\.", -1);
      if (parts.length < 2 || !parts[0].equals(tag)) {
        throw invalid(cursor);
      }
      long[] key = new long[parts.length - 1];
      try {
        for (int i = 1; i < parts.length; i++) {
          key[i - 1] = Long.parseLong(parts[i]);
        }
      } catch (NumberFormatException e) {
        throw invalid(cursor);
      }
      return key;
    }

    private static IllegalArgumentException invalid(String cursor) {
      return new IllegalArgumentException(
          "cursor must be a nextCursor returned by the same query, was " + cursor);
    }
  }

  // -------------------------------------------------------------------------------------------
  // Row mappers

  static final RowMapper<ProjectedOrder> ORDER =
      (ResultSet rs, StatementContext ctx) ->
          new ProjectedOrder(
              new OrderState(
                  rs.getLong("order_id"),
                  rs.getString("client_order_id"),
                  rs.getLong("user_id"),
                  rs.getInt("instrument_id"),
                  Side.valueOf(rs.getString("side")),
                  OrderType.valueOf(rs.getString("order_type")),
                  TimeInForce.valueOf(rs.getString("time_in_force")),
                  SelfTradePrevention.valueOf(rs.getString("self_trade_prevention")),
                  OrderStatus.valueOf(rs.getString("status")),
                  rs.getLong("price_ticks"),
                  rs.getLong("stop_price_ticks"),
                  rs.getLong("quantity_lots"),
                  rs.getLong("quote_amount"),
                  rs.getLong("filled_lots"),
                  rs.getLong("cumulative_quote"),
                  rs.getLong("fees_paid")),
              rs.getLong("created_sequence"),
              rs.getLong("created_ms"),
              rs.getLong("updated_sequence"),
              rs.getLong("updated_ms"));

  static final RowMapper<ProjectedTrade> TRADE =
      (ResultSet rs, StatementContext ctx) ->
          new ProjectedTrade(
              new ExchangeEvent.Trade(
                  rs.getLong("trade_id"),
                  rs.getInt("instrument_id"),
                  rs.getLong("price_ticks"),
                  rs.getLong("quantity_lots"),
                  rs.getLong("quote_amount"),
                  rs.getLong("maker_order_id"),
                  rs.getLong("taker_order_id"),
                  rs.getLong("maker_user_id"),
                  rs.getLong("taker_user_id"),
                  Side.valueOf(rs.getString("taker_side")),
                  rs.getLong("maker_fee"),
                  rs.getLong("taker_fee")),
              rs.getLong("sequence"),
              rs.getLong("timestamp_ms"));

  private static final RowMapper<StatementLine> STATEMENT_LINE =
      (ResultSet rs, StatementContext ctx) ->
          new StatementLine(
              rs.getLong("entry_id"),
              rs.getInt("posting_index"),
              rs.getLong("sequence"),
              rs.getLong("timestamp_ms"),
              EntryKind.valueOf(rs.getString("kind")),
              AccountKind.valueOf(rs.getString("account")),
              rs.getLong("amount"),
              rs.getLong("balance_after"));
}
