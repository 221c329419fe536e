package org.bourse.jdbc.projection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.bourse.core.AccountKind;
import org.bourse.core.Balance;
import org.bourse.core.Command;
import org.bourse.core.CommandResult;
import org.bourse.core.FileJournalOptions;
import org.bourse.core.InstrumentSpec;
import org.bourse.core.Journal;
import org.bourse.core.JournalRecord;
import org.bourse.core.OrderStatus;
import org.bourse.core.Side;
import org.bourse.core.runtime.SeededFlow;
import org.bourse.jdbc.Database;
import org.bourse.jdbc.TestDatabase;
import org.bourse.jdbc.TestDatabase.Backend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The history queries on H2 and PostgreSQL: pages that together return every row exactly once,
 * filters, running balances, candles against trades checked by hand, and parameter checks.
 */
abstract class HistoryQueriesContract {
  /** Midnight UTC, so every candle interval starts here. */
  private static final long DAY = 1_699_920_000_000L;

  @TempDir Path data;

  private TestDatabase test;
  private Database database;
  private Projection projection;
  private HistoryQueries queries;

  abstract Backend backend();

  @BeforeEach
  void openDatabase() {
    test = TestDatabase.create(backend());
    database = test.open();
    projection = Projection.open(database);
    queries = projection.queries();
  }

  @AfterEach
  void closeDatabase() {
    // Both stay null when the backend was skipped on request (the set-up aborted).
    if (database != null) {
      database.close();
    }
    if (test != null) {
      test.close();
    }
  }

  private void projectSeededFlow() {
    List<CommandResult> results = new ArrayList<>();
    try (Venue venue = Venue.open(data, 65_536, results)) {
      venue.submit(SeededFlow.setup(Venue.USERS));
      venue.submitFlow(new SeededFlow(11, Venue.USERS, 1_000, "q"), 1_000);
    }
    projection.catchUp(Venue.source(data));
  }

  /** Follows nextCursor from the first page to the last and returns every row. */
  private static <T> List<T> allPages(Function<String, Page<T>> query) {
    List<T> rows = new ArrayList<>();
    String cursor = null;
    do {
      Page<T> page = query.apply(cursor);
      rows.addAll(page.items());
      cursor = page.nextCursor();
    } while (cursor != null);
    return rows;
  }

  private List<Long> ids(String sql, Object... args) {
    return database
        .jdbi()
        .withHandle(
            h -> {
              var query = h.createQuery(sql);
              for (int i = 0; i < args.length; i++) {
                query.bind(i, args[i]);
              }
              return query.mapTo(Long.class).list();
            });
  }

  @Test
  void shouldReturnEveryOrderOfAUserOnceAcrossPages() {
    // given
    projectSeededFlow();

    for (long user = 1; user <= 3; user++) {
      long u = user;
      // when
      List<Long> paged =
          allPages(c -> queries.orders(u, OrderFilter.all(), c, 7)).stream()
              .map(o -> o.state().orderId())
              .toList();

      // then
      assertEquals(
          ids("SELECT order_id FROM orders WHERE user_id = ? ORDER BY order_id", user), paged);
      assertTrue(paged.size() > 7, "too few orders to page: " + paged.size());
    }
  }

  @Test
  void shouldFilterOrdersByInstrumentStatusAndCreationTime() {
    // given
    projectSeededFlow();
    List<Long> created = ids("SELECT created_ms FROM orders WHERE user_id = 2 ORDER BY created_ms");
    long middle = created.get(created.size() / 2);
    OrderFilter filter =
        OrderFilter.all()
            .instrument(SeededFlow.BTCUSDT)
            .status(OrderStatus.FILLED)
            .created(middle, Long.MAX_VALUE);

    // when
    List<ProjectedOrder> orders = allPages(c -> queries.orders(2, filter, c, 3));

    // then
    assertEquals(
        ids(
            "SELECT order_id FROM orders WHERE user_id = 2 AND instrument_id = 1"
                + " AND status = 'FILLED' AND created_ms >= ? ORDER BY order_id",
            middle),
        orders.stream().map(o -> o.state().orderId()).toList());
    assertFalse(orders.isEmpty());
    for (ProjectedOrder order : orders) {
      assertEquals(OrderStatus.FILLED, order.state().status());
      assertEquals(SeededFlow.BTCUSDT, order.state().instrumentId());
      assertTrue(order.createdMs() >= middle);
    }
  }

  @Test
  void shouldReturnEveryTradeOfAUserAndOfAnInstrumentOnceAcrossPages() {
    // given
    projectSeededFlow();

    // when
    List<Long> userTrades =
        allPages(c -> queries.userTrades(4, c, 5)).stream().map(t -> t.trade().tradeId()).toList();
    List<Long> instrumentTrades =
        allPages(c -> queries.trades(SeededFlow.ETHUSDT, 0, Long.MAX_VALUE, c, 11)).stream()
            .map(t -> t.trade().tradeId())
            .toList();

    // then
    assertEquals(
        ids(
            "SELECT trade_id FROM trades WHERE maker_user_id = 4 OR taker_user_id = 4"
                + " ORDER BY trade_id"),
        userTrades);
    assertEquals(
        ids("SELECT trade_id FROM trades WHERE instrument_id = 2 ORDER BY trade_id"),
        instrumentTrades);
    assertTrue(userTrades.size() > 5 && instrumentTrades.size() > 11);
  }

  @Test
  void shouldListAStatementWhoseRunningBalanceEndsAtTheBalance() {
    // given
    projectSeededFlow();

    // when
    List<StatementLine> lines = allPages(c -> queries.statement(5, SeededFlow.USDT, c, 9));

    // then: each line moves its account's balance by its amount, ending at the balance
    Map<AccountKind, Long> running = new HashMap<>();
    for (StatementLine line : lines) {
      long before = running.getOrDefault(line.account(), 0L);
      assertEquals(before + line.amount(), line.balanceAfter(), line.toString());
      running.put(line.account(), line.balanceAfter());
    }
    Balance balance = queries.balances(5).get(SeededFlow.USDT);
    assertEquals(balance.available(), running.get(AccountKind.AVAILABLE));
    assertEquals(balance.held(), running.getOrDefault(AccountKind.HELD, 0L));
    assertEquals(
        ids(
            "SELECT COUNT(*) FROM ledger_postings WHERE user_id = 5 AND asset_id = ?",
            SeededFlow.USDT),
        List.of((long) lines.size()));
  }

  @Test
  void shouldComputeCandlesFromTrades() throws Exception {
    // given: trades at known times, prices (ticks) and quantities (lots); one tick of one lot is
    // one quote minor unit on this instrument, so the quote volume is the sum of price x lots
    projectTrades();

    // when
    List<Candle> minutes = queries.candles(1, CandleInterval.M1, DAY, DAY + 10 * 60_000);
    List<Candle> fives = queries.candles(1, CandleInterval.parse("5m"), DAY, DAY + 3_600_000);
    List<Candle> days = queries.candles(1, CandleInterval.D1, DAY + 1, DAY + 86_400_000);

    // then
    assertEquals(
        List.of(
            new Candle(DAY, 100, 105, 97, 98, 6, 598, 4),
            new Candle(DAY + 60_000, 101, 101, 101, 101, 5, 505, 1),
            new Candle(DAY + 300_000, 110, 110, 110, 110, 1, 110, 1)),
        minutes);
    assertEquals(
        List.of(
            new Candle(DAY, 100, 105, 97, 101, 11, 1_103, 5),
            new Candle(DAY + 300_000, 110, 110, 110, 110, 1, 110, 1)),
        fives);
    assertEquals(List.of(new Candle(DAY, 100, 110, 97, 110, 12, 1_213, 6)), days);
    assertEquals(
        List.of(new Candle(DAY + 60_000, 101, 101, 101, 101, 5, 505, 1)),
        queries.candles(1, CandleInterval.M1, DAY + 60_000, DAY + 120_000));
  }

  /**
   * Writes a journal by hand and catches the projection up from it: user 1 sells, user 2 buys.
   * Minute 0: 2 lots at 100, 1 at 105, then one buy of 3 lots that takes 1 at 97 and 2 at 98;
   * minute 1: 5 at 101; minute 5: 1 at 110.
   */
  private void projectTrades() throws Exception {
    List<Command> setup = new ArrayList<>();
    setup.add(new Command.DefineAsset(1, SeededFlow.BTC, "BTC", 8));
    setup.add(new Command.DefineAsset(2, SeededFlow.USDT, "USDT", 6));
    setup.add(
        new Command.DefineInstrument(
            3,
            InstrumentSpec.of(
                1,
                "BTCUSDT",
                SeededFlow.BTC,
                SeededFlow.USDT,
                "0.01",
                "0.0001",
                "0.0001",
                "1000",
                "1000000")));
    setup.add(new Command.AddUser(4, 1));
    setup.add(new Command.AddUser(5, 2));
    setup.add(new Command.Deposit(6, 1, SeededFlow.BTC, 100_000_000));
    setup.add(new Command.Deposit(7, 2, SeededFlow.USDT, 100_000_000));
    long[][] trades = {
      // time offset ms, sell price, buy price, lots
      {1_000, 100, 100, 2},
      {30_000, 105, 105, 1},
      {58_000, 97, 0, 1},
      {58_500, 98, 0, 2},
      {59_000, 0, 98, 3},
      {60_000, 101, 101, 5},
      {301_000, 110, 110, 1}
    };
    try (Journal journal = Journal.openFiles(data.resolve("hand"), FileJournalOptions.defaults())) {
      long sequence = 0;
      long id = 100;
      List<JournalRecord> records = new ArrayList<>();
      for (Command command : setup) {
        records.add(new JournalRecord(++sequence, DAY - 1_000, command));
      }
      for (long[] t : trades) {
        long at = DAY + t[0];
        if (t[1] > 0) {
          records.add(
              new JournalRecord(
                  ++sequence, at, Command.PlaceOrder.limit(id++, 1, 1, Side.SELL, t[1], t[3])));
        }
        if (t[2] > 0) {
          records.add(
              new JournalRecord(
                  ++sequence, at, Command.PlaceOrder.limit(id++, 2, 1, Side.BUY, t[2], t[3])));
        }
      }
      journal.append(records);
    }
    projection.catchUp(JournalSource.files(Venue.CONFIG, data.resolve("hand"), null));
  }

  @Test
  void shouldNameTheParameterThatIsWrong() {
    assertMessage(
        () -> queries.orders(1, OrderFilter.all(), null, 0),
        "limit must be between 1 and 1000, was 0");
    assertMessage(
        () -> queries.userTrades(1, null, 1_001), "limit must be between 1 and 1000, was 1001");
    assertMessage(() -> queries.userTrades(0, null, 10), "userId must be positive, was 0");
    assertMessage(
        () -> queries.trades(1, 20, 10, null, 10), "fromMs must not be after toMs, was 20 > 10");
    assertMessage(
        () -> OrderFilter.all().created(5, 4), "fromMs must not be after toMs, was 5 > 4");
    assertMessage(
        () -> CandleInterval.parse("7m"),
        "interval must be one of 1m, 5m, 15m, 1h, 4h, 1d, was 7m");
    assertMessage(
        () -> queries.candles(1, CandleInterval.M1, 0, 1_001 * 60_000L),
        "the time range spans 1001 intervals of 1m; at most 1000 candles per query");
    assertMessage(
        () -> queries.orders(1, OrderFilter.all(), "t.5", 10),
        "cursor must be a nextCursor returned by the same query, was t.5");
    assertMessage(
        () -> queries.statement(1, 1, "s.x", 10),
        "cursor must be a nextCursor returned by the same query, was s.x");
  }

  @Test
  void shouldEndWithoutACursorWhenNothingFollows() {
    // when
    Page<ProjectedTrade> page = queries.trades(1, 0, Long.MAX_VALUE, null, 10);

    // then
    assertEquals(List.of(), page.items());
    assertNull(page.nextCursor());
    assertFalse(page.hasMore());
  }

  private static void assertMessage(Runnable call, String expected) {
    IllegalArgumentException failure = assertThrows(IllegalArgumentException.class, call::run);
    assertEquals(expected, failure.getMessage());
  }
}
