package org.bourse.core;

/**
 * The full invariant check behind {@link Exchange#verify()}. It walks all state, so tests call it
 * every few thousand commands and at the end; the cheap per-entry checks (balanced entries,
 * non-negative user accounts) run inside {@link Ledger} on every posting.
 */
final class Invariants {
  private Invariants() {}

  static void verify(Engine engine) {
    Asset[] assets = engine.assets;
    Ledger ledger = engine.ledger;
    KeyedIndex.Users users = engine.users;
    int assetSlots = assets.length;
    long[] sums = new long[assetSlots];
    for (int a = 0; a < assetSlots; a++) {
      sums[a] = ledger.external[a] + ledger.fees[a];
    }
    java.util.Map<Long, long[]> withdrawing = new java.util.HashMap<>();
    engine.withdrawals.forEachValue(
        w ->
            withdrawing.computeIfAbsent(w.userId(), id -> new long[assetSlots])[w.assetId()] +=
                w.amount());
    for (long userId : users.sortedKeys()) {
      UserState user = users.get(userId);
      if (user.available.length != engine.assetSlots || user.held.length != engine.assetSlots) {
        fail("user " + userId + " has account arrays of the wrong length");
      }
      long[] expectedHeld = withdrawing.getOrDefault(userId, new long[assetSlots]);
      for (Order o = user.openHead(engine.orderHandles); o != null; o = o.userNext()) {
        int asset = o.buy ? o.book.quoteAssetId : o.book.baseAssetId;
        if (o.hold < 0) {
          fail("order " + o.orderId + " holds a negative amount " + o.hold);
        }
        expectedHeld[asset] += o.hold;
      }
      for (int a = 0; a < user.available.length; a++) {
        if (user.available[a] < 0 || user.held[a] < 0) {
          fail("user " + userId + " has a negative balance in asset " + a);
        }
        sums[a] += user.available[a] + user.held[a];
        if (user.held[a] != expectedHeld[a]) {
          fail(
              "user "
                  + userId
                  + " holds "
                  + user.held[a]
                  + " of asset "
                  + a
                  + " but open orders and withdrawals reserve "
                  + expectedHeld[a]);
        }
      }
    }
    for (int a = 0; a < assetSlots; a++) {
      if (sums[a] != 0) {
        fail("asset " + a + " does not balance: accounts sum to " + sums[a]);
      }
    }
    for (Book book : engine.books) {
      if (book != null) {
        verifyBook(book, engine.orderHandles);
      }
    }
  }

  private static void verifyBook(Book book, OrderHandles handles) {
    PriceLevel bid = book.bids.best();
    PriceLevel ask = book.asks.best();
    if (bid != null && ask != null && bid.priceTicks >= ask.priceTicks) {
      fail(
          "book " + book.instrumentId + " is crossed: " + bid.priceTicks + " >= " + ask.priceTicks);
    }
    int resting = 0;
    for (BookSide side : new BookSide[] {book.bids, book.asks}) {
      long previous = 0;
      int levels = 0;
      for (int i = side.bestIndex(); i >= 0; i = side.worse(i)) {
        PriceLevel level = side.at(i);
        if (levels++ > 0 && !side.better(previous, level.priceTicks)) {
          fail("book " + book.instrumentId + " levels out of order at " + level.priceTicks);
        }
        previous = level.priceTicks;
        long total = 0;
        int count = 0;
        for (Order o = level.head(handles); o != null; o = o.next()) {
          if (o.remainingLots() <= 0 || !o.status().isOpen() || o.level != level) {
            fail("book " + book.instrumentId + " holds a dead order " + o.orderId);
          }
          total += o.remainingLots();
          count++;
        }
        if (total != level.totalLots || count != level.orderCount || count == 0) {
          fail("book " + book.instrumentId + " level " + level.priceTicks + " totals are wrong");
        }
        resting += count;
      }
      if (levels != side.levelCount()) {
        fail(
            "book "
                + book.instrumentId
                + " counts "
                + side.levelCount()
                + " levels on a side, has "
                + levels);
      }
    }
    if (resting != book.restingOrders) {
      fail(
          "book "
              + book.instrumentId
              + " counts "
              + book.restingOrders
              + " orders, has "
              + resting);
    }
  }

  private static void fail(String message) {
    throw new ExchangeException("invariant broken: " + message);
  }
}
