package org.bourse.jdbc.projection;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.bourse.core.AccountKind;
import org.bourse.core.Balance;
import org.bourse.core.CommandResult;
import org.bourse.core.EntryKind;
import org.bourse.core.Exchange;
import org.bourse.core.ExchangeEvent;
import org.bourse.core.ExchangeException;
import org.bourse.core.Journal;
import org.bourse.core.OrderState;
import org.bourse.core.Posting;
import org.jdbi.v3.core.Handle;

/**
 * Checks a {@link Projection} against the journal: replays the journal in a fresh engine up to the
 * projection's checkpoint and compares what the engine holds and emitted with the tables.
 *
 * <p>Compared: every user's balance per asset (the engine's against the {@code balances} row, and
 * against the sum of the user's postings); every order's latest state; every trade; every ledger
 * entry with its hash chain value and postings; each asset's postings summing to zero; the system
 * accounts (EXTERNAL, FEES) against the engine. With a whole journal the engine starts empty and
 * everything is compared; with a pruned one it starts from the newest snapshot at or below the
 * checkpoint, and history before that snapshot is only checked where the engine still holds it
 * (balances, open orders, system accounts and the head of the hash chain).
 *
 * <p><b>Thread-safety:</b> an immutable report; {@link #run} reads in its own connection. Run it
 * while no projector writes, or accept differences from rows written meanwhile.
 */
public final class Reconciliation {
  /** Differences listed at most; the rest are only counted. */
  public static final int MAX_LISTED = 1_000;

  private final long sequence;
  private final long replayedFrom;
  private final List<String> differences;
  private final long differenceCount;
  private final String summary;

  private Reconciliation(
      long sequence,
      long replayedFrom,
      List<String> differences,
      long differenceCount,
      String summary) {
    this.sequence = sequence;
    this.replayedFrom = replayedFrom;
    this.differences = List.copyOf(differences);
    this.differenceCount = differenceCount;
    this.summary = summary;
  }

  /**
   * Replays the journal to the projection's checkpoint and compares.
   *
   * @throws ExchangeException if the journal cannot be read or replayed to the checkpoint
   */
  public static Reconciliation run(Projection projection, JournalSource source) {
    Objects.requireNonNull(projection, "projection");
    long checkpoint = projection.checkpoint();
    Expected expected = Expected.replay(source, checkpoint);
    Differences found = new Differences();
    Actual actual = projection.database().jdbi().withHandle(Actual::load);
    compareBalances(expected, actual, found);
    compareOrders(expected, actual, found);
    compareTrades(expected, actual, found);
    compareLedger(expected, actual, found);
    String summary =
        String.format(
            Locale.ROOT,
            "checked at sequence %d (replayed from %d): %d balances, %d orders, %d trades,"
                + " %d ledger entries",
            checkpoint,
            expected.from,
            actual.balances.size(),
            actual.orders.size(),
            actual.trades.size(),
            actual.entries.size());
    return new Reconciliation(checkpoint, expected.from, found.listed, found.count, summary);
  }

  /** The projection's checkpoint, the sequence at which it was compared. */
  public long sequence() {
    return sequence;
  }

  /** The sequence the replay started from: 0 for a whole journal, else a snapshot's. */
  public long replayedFrom() {
    return replayedFrom;
  }

  /** Whether the projection matches the journal. */
  public boolean matches() {
    return differenceCount == 0;
  }

  /** Each difference in one line, at most {@link #MAX_LISTED}. */
  public List<String> differences() {
    return differences;
  }

  /** How many differences there are, listed or not. */
  public long differenceCount() {
    return differenceCount;
  }

  /** What was compared, in one line. */
  public String summary() {
    return summary;
  }

  // -------------------------------------------------------------------------------------------

  private static void compareBalances(Expected expected, Actual actual, Differences found) {
    TreeSet<UserAsset> keys = new TreeSet<>(actual.balances.keySet());
    keys.addAll(expected.touched);
    for (UserAsset key : keys) {
      Balance engine = expected.engine.balance(key.userId, key.assetId);
      Balance projected = actual.balances.getOrDefault(key, new Balance(0, 0));
      if (!engine.equals(projected)) {
        found.add(
            "balance of user %d in asset %d: projection available=%d held=%d, engine"
                + " available=%d held=%d",
            key.userId,
            key.assetId,
            projected.available(),
            projected.held(),
            engine.available(),
            engine.held());
      }
    }
    for (Map.Entry<AccountKey, Long> sum : actual.postingSums.entrySet()) {
      AccountKey account = sum.getKey();
      if (account.kind.isUserAccount()) {
        Balance row =
            actual.balances.getOrDefault(
                new UserAsset(account.userId, account.assetId), new Balance(0, 0));
        long balance = account.kind == AccountKind.AVAILABLE ? row.available() : row.held();
        if (balance != sum.getValue()) {
          found.add(
              "postings to user %d %s in asset %d sum to %d, but the balances row says %d",
              account.userId, account.kind, account.assetId, sum.getValue(), balance);
        }
      }
    }
  }

  private static void compareOrders(Expected expected, Actual actual, Differences found) {
    for (Map.Entry<Long, OrderState> order : expected.orders.entrySet()) {
      OrderState projected = actual.orders.get(order.getKey());
      if (!order.getValue().equals(projected)) {
        found.add(
            "order %d: projection %s, journal %s",
            order.getKey(), projected == null ? "has no row" : projected, order.getValue());
      }
    }
    for (OrderState projected : actual.orders.values()) {
      if (expected.orders.containsKey(projected.orderId())) {
        continue;
      }
      Optional<OrderState> open = expected.engine.order(projected.orderId());
      if (expected.from == 0) {
        found.add("order %d is in the projection but not in the journal", projected.orderId());
      } else if (projected.status().isOpen() && !open.equals(Optional.of(projected))) {
        found.add(
            "order %d: projection %s, engine %s",
            projected.orderId(), projected, open.map(Object::toString).orElse("has it no more"));
      }
    }
  }

  private static void compareTrades(Expected expected, Actual actual, Differences found) {
    for (Map.Entry<Long, ProjectedTrade> trade : expected.trades.entrySet()) {
      ProjectedTrade projected = actual.trades.get(trade.getKey());
      if (!trade.getValue().equals(projected)) {
        found.add(
            "trade %d: projection %s, journal %s",
            trade.getKey(), projected == null ? "has no row" : projected, trade.getValue());
      }
    }
    for (ProjectedTrade projected : actual.trades.values()) {
      if (!expected.trades.containsKey(projected.trade().tradeId())
          && projected.sequence() > expected.from) {
        found.add(
            "trade %d is in the projection but not in the journal", projected.trade().tradeId());
      }
    }
  }

  private static void compareLedger(Expected expected, Actual actual, Differences found) {
    for (Map.Entry<Long, ExchangeEvent.LedgerEntry> entry : expected.entries.entrySet()) {
      ExchangeEvent.LedgerEntry projected = actual.entries.get(entry.getKey());
      if (!entry.getValue().equals(projected)) {
        found.add(
            "ledger entry %d: projection %s, journal %s",
            entry.getKey(), projected == null ? "has no row" : projected, entry.getValue());
      }
    }
    for (ExchangeEvent.LedgerEntry projected : actual.entries.values()) {
      if (!expected.entries.containsKey(projected.entryId())
          && projected.sequence() > expected.from) {
        found.add(
            "ledger entry %d is in the projection but not in the journal", projected.entryId());
      }
    }
    Map<Integer, Long> perAsset = new TreeMap<>();
    for (Map.Entry<AccountKey, Long> sum : actual.postingSums.entrySet()) {
      AccountKey account = sum.getKey();
      perAsset.merge(account.assetId, sum.getValue(), Math::addExact);
      if (!account.kind.isUserAccount()) {
        long engine = expected.engine.systemBalance(account.kind, account.assetId);
        if (engine != sum.getValue()) {
          found.add(
              "%s account of asset %d: projection postings sum to %d, engine holds %d",
              account.kind, account.assetId, sum.getValue(), engine);
        }
      }
    }
    for (Map.Entry<Integer, Long> asset : perAsset.entrySet()) {
      if (asset.getValue() != 0) {
        found.add("postings in asset %d sum to %d instead of 0", asset.getKey(), asset.getValue());
      }
    }
    long head = actual.entries.isEmpty() ? 0 : actual.entries.lastEntry().getValue().hash();
    if (head != expected.engine.ledgerHash()) {
      found.add(
          "ledger hash chain head: projection %016x, engine %016x",
          head, expected.engine.ledgerHash());
    }
  }

  // -------------------------------------------------------------------------------------------

  private record UserAsset(long userId, int assetId) implements Comparable<UserAsset> {
    @Override
    public int compareTo(UserAsset other) {
      int byUser = Long.compare(userId, other.userId);
      return byUser != 0 ? byUser : Integer.compare(assetId, other.assetId);
    }
  }

  private record AccountKey(long userId, AccountKind kind, int assetId) {}

  /** What the journal says, replayed up to the checkpoint with every event. */
  private static final class Expected {
    final long from;
    final Exchange engine;
    final Map<Long, OrderState> orders = new HashMap<>();
    final TreeMap<Long, ProjectedTrade> trades = new TreeMap<>();
    final TreeMap<Long, ExchangeEvent.LedgerEntry> entries = new TreeMap<>();
    final TreeSet<UserAsset> touched = new TreeSet<>();

    private Expected(long from, Exchange engine) {
      this.from = from;
      this.engine = engine;
    }

    static Expected replay(JournalSource source, long checkpoint) {
      try (Journal journal = source.journal().open()) {
        if (journal.lastSequence() < checkpoint) {
          throw new ExchangeException(
              "the projection's checkpoint "
                  + checkpoint
                  + " is beyond the journal's last sequence "
                  + journal.lastSequence()
                  + ": the projection belongs to another journal");
        }
        List<String> report = new ArrayList<>();
        Exchange engine =
            journal.firstSequence() <= 1
                ? Exchange.create(source.replayConfig())
                : source
                    .snapshots()
                    .readNewest(source.replayConfig(), checkpoint, report)
                    .orElseThrow(
                        () ->
                            new ExchangeException(
                                "the journal starts at sequence "
                                    + journal.firstSequence()
                                    + " and no snapshot at or below "
                                    + checkpoint
                                    + " is readable "
                                    + report));
        Expected expected = new Expected(engine.lastSequence(), engine);
        journal.replay(
            expected.from,
            record -> {
              if (record.sequence() <= checkpoint) {
                expected.collect(engine.apply(record.timestampMs(), record.command()));
              }
            });
        if (engine.lastSequence() != checkpoint) {
          throw new ExchangeException(
              "replay reached sequence " + engine.lastSequence() + ", not " + checkpoint);
        }
        return expected;
      } catch (IOException e) {
        throw new ExchangeException("cannot read the journal or snapshots: " + e, e);
      }
    }

    private void collect(CommandResult result) {
      if (result.duplicate()) {
        return;
      }
      for (ExchangeEvent event : result.events()) {
        if (event instanceof OrderState order) {
          orders.put(order.orderId(), order);
        } else if (event instanceof ExchangeEvent.Trade trade) {
          trades.put(
              trade.tradeId(), new ProjectedTrade(trade, result.sequence(), result.timestampMs()));
        } else if (event instanceof ExchangeEvent.LedgerEntry entry) {
          entries.put(entry.entryId(), entry);
        } else if (event instanceof ExchangeEvent.BalanceChanged balance) {
          touched.add(new UserAsset(balance.userId(), balance.assetId()));
        }
      }
    }
  }

  /** What the tables hold. */
  private static final class Actual {
    final Map<UserAsset, Balance> balances = new HashMap<>();
    final Map<Long, OrderState> orders = new HashMap<>();
    final Map<Long, ProjectedTrade> trades = new HashMap<>();
    final TreeMap<Long, ExchangeEvent.LedgerEntry> entries = new TreeMap<>();
    final Map<AccountKey, Long> postingSums = new HashMap<>();

    static Actual load(Handle handle) {
      Actual actual = new Actual();
      handle
          .createQuery("SELECT user_id, asset_id, available, held FROM balances")
          .map(
              (rs, ctx) ->
                  Map.entry(
                      new UserAsset(rs.getLong("user_id"), rs.getInt("asset_id")),
                      new Balance(rs.getLong("available"), rs.getLong("held"))))
          .forEach(row -> actual.balances.put(row.getKey(), row.getValue()));
      handle
          .createQuery("SELECT * FROM orders")
          .map(HistoryQueries.ORDER)
          .forEach(order -> actual.orders.put(order.state().orderId(), order.state()));
      handle
          .createQuery("SELECT * FROM trades")
          .map(HistoryQueries.TRADE)
          .forEach(trade -> actual.trades.put(trade.trade().tradeId(), trade));
      actual.loadEntries(handle);
      handle
          .createQuery(
              "SELECT user_id, account, asset_id, CAST(SUM(amount) AS BIGINT) AS total"
                  + " FROM ledger_postings GROUP BY user_id, account, asset_id")
          .map(
              (rs, ctx) ->
                  Map.entry(
                      new AccountKey(
                          rs.getLong("user_id"),
                          AccountKind.valueOf(rs.getString("account")),
                          rs.getInt("asset_id")),
                      rs.getLong("total")))
          .forEach(row -> actual.postingSums.put(row.getKey(), row.getValue()));
      return actual;
    }

    private void loadEntries(Handle handle) {
      Map<Long, List<Posting>> postings = new HashMap<>();
      handle
          .createQuery(
              "SELECT entry_id, user_id, account, asset_id, amount FROM ledger_postings"
                  + " ORDER BY entry_id, posting_index")
          .map(
              (rs, ctx) ->
                  Map.entry(
                      rs.getLong("entry_id"),
                      new Posting(
                          rs.getLong("user_id"),
                          AccountKind.valueOf(rs.getString("account")),
                          rs.getInt("asset_id"),
                          rs.getLong("amount"))))
          .forEach(
              row ->
                  postings
                      .computeIfAbsent(row.getKey(), id -> new ArrayList<>())
                      .add(row.getValue()));
      handle
          .createQuery("SELECT entry_id, sequence, command_id, kind, hash FROM ledger_entries")
          .map(
              (rs, ctx) ->
                  new ExchangeEvent.LedgerEntry(
                      rs.getLong("entry_id"),
                      rs.getLong("sequence"),
                      rs.getLong("command_id"),
                      EntryKind.valueOf(rs.getString("kind")),
                      List.copyOf(postings.getOrDefault(rs.getLong("entry_id"), List.of())),
                      rs.getLong("hash")))
          .forEach(entry -> entries.put(entry.entryId(), entry));
    }
  }

  /** Collects difference lines up to {@link #MAX_LISTED} and counts all. */
  private static final class Differences {
    final List<String> listed = new ArrayList<>();
    long count;

    void add(String format, Object... args) {
      count++;
      if (listed.size() < MAX_LISTED) {
        listed.add(String.format(Locale.ROOT, format, args));
      }
    }
  }
}
