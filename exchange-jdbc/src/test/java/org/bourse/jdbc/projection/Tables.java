package org.bourse.jdbc.projection;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bourse.core.Balance;
import org.bourse.core.ExchangeEvent;
import org.bourse.jdbc.Database;

/** Reads the projection tables directly, for the tests' checks. */
final class Tables {
  /** Each table with the columns that order its rows completely. */
  static final Map<String, String> KEYS =
      Map.of(
          "orders", "order_id",
          "order_history", "sequence, event_index",
          "trades", "trade_id",
          "ledger_entries", "entry_id",
          "ledger_postings", "entry_id, posting_index",
          "balances", "user_id, asset_id");

  private final Database database;

  Tables(Database database) {
    this.database = database;
  }

  long count(String table) {
    return database
        .jdbi()
        .withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Long.class).one());
  }

  /** Every row of every table, in key order, as text: equal dumps mean equal tables. */
  Map<String, List<String>> dump() {
    Map<String, List<String>> dump = new HashMap<>();
    for (Map.Entry<String, String> table : KEYS.entrySet()) {
      dump.put(
          table.getKey(),
          database
              .jdbi()
              .withHandle(
                  h ->
                      h.createQuery(
                              "SELECT * FROM " + table.getKey() + " ORDER BY " + table.getValue())
                          .mapToMap()
                          .map(Object::toString)
                          .list()));
    }
    return dump;
  }

  /** Per asset, the sum of all postings. */
  Map<Integer, Long> postingSumsPerAsset() {
    Map<Integer, Long> sums = new HashMap<>();
    database
        .jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT asset_id, CAST(SUM(amount) AS BIGINT) AS total"
                            + " FROM ledger_postings GROUP BY asset_id")
                    .map((rs, ctx) -> Map.entry(rs.getInt("asset_id"), rs.getLong("total")))
                    .list())
        .forEach(row -> sums.put(row.getKey(), row.getValue()));
    return sums;
  }

  /** The balances rows by [user, asset]. */
  Map<List<Long>, Balance> balances() {
    Map<List<Long>, Balance> balances = new HashMap<>();
    database
        .jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT user_id, asset_id, available, held FROM balances")
                    .map(
                        (rs, ctx) ->
                            Map.entry(
                                List.of(rs.getLong("user_id"), rs.getLong("asset_id")),
                                new Balance(rs.getLong("available"), rs.getLong("held"))))
                    .list())
        .forEach(row -> balances.put(row.getKey(), row.getValue()));
    return balances;
  }

  /** Every trade row, by trade id. */
  List<ExchangeEvent.Trade> trades() {
    return database
        .jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT * FROM trades ORDER BY trade_id")
                    .map(HistoryQueries.TRADE)
                    .map(ProjectedTrade::trade)
                    .list());
  }

  /**
   * Checks that the tables hold exactly what the results and the engine say: row counts, each
   * order's latest state, each trade, each balance, and postings summing to zero per asset.
   */
  void assertMatch(Venue.Expected expected, Map<List<Long>, Balance> engineBalances) {
    assertEquals(expected.orders().size(), count("orders"), "orders");
    assertEquals(expected.orderChanges(), count("order_history"), "order history");
    assertEquals(expected.entries(), count("ledger_entries"), "ledger entries");
    assertEquals(expected.postings(), count("ledger_postings"), "ledger postings");
    assertEquals(expected.trades(), trades(), "trades");
    Map<Long, Object> orders = new HashMap<>();
    database
        .jdbi()
        .withHandle(h -> h.createQuery("SELECT * FROM orders").map(HistoryQueries.ORDER).list())
        .forEach(order -> orders.put(order.state().orderId(), order.state()));
    assertEquals(expected.orders(), orders, "orders' latest states");
    Map<List<Long>, Balance> projected = balances();
    for (Map.Entry<List<Long>, Balance> engine : engineBalances.entrySet()) {
      assertEquals(
          engine.getValue(),
          projected.getOrDefault(engine.getKey(), new Balance(0, 0)),
          "balance of [user, asset] " + engine.getKey());
    }
    for (Map.Entry<Integer, Long> sum : postingSumsPerAsset().entrySet()) {
      assertEquals(0L, sum.getValue(), "postings of asset " + sum.getKey());
    }
  }
}
