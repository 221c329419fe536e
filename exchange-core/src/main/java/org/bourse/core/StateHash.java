package org.bourse.core;

/**
 * Computes {@link Exchange#stateHash()}: a walk over every piece of state in a fixed order (ids
 * ascending, books best level first and each queue front to back). Anything that influences a
 * future result is included, so equal hashes mean interchangeable engines.
 */
final class StateHash {
  private StateHash() {}

  static long of(Engine engine) {
    Hasher h = new Hasher(0x426F75727365L);
    h.add(engine.sequence).add(engine.timestampMs).add(engine.nextOrderId);
    h.add(engine.nextTradeId).add(engine.nextWithdrawalId);
    h.add(engine.ledger.head()).add(engine.ledger.entryCount());
    for (Asset asset : engine.assets) {
      if (asset != null) {
        h.add(asset.assetId()).add(asset.code()).add(asset.scale());
        h.add(engine.ledger.external[asset.assetId()]);
        h.add(engine.ledger.fees[asset.assetId()]);
      }
    }
    FeeSchedule schedule = engine.feeSchedule;
    h.add(schedule.volumeAssetId());
    for (FeeTier tier : schedule.tiers()) {
      h.add(tier.minVolume30d()).add(tier.rates().makerPpm()).add(tier.rates().takerPpm());
    }
    for (Book book : engine.books) {
      if (book != null) {
        hashBook(h, book, engine.orderHandles);
      }
    }
    KeyedIndex.Users users = engine.users;
    for (long userId : users.sortedKeys()) {
      UserState user = users.get(userId);
      h.add(userId).add(user.assignedTier).add(user.openCount);
      for (int asset = 0; asset < user.available.length; asset++) {
        if (user.available[asset] != 0 || user.held[asset] != 0) {
          h.add(asset).add(user.available[asset]).add(user.held[asset]);
        }
      }
      for (int i = 0; i < UserState.VOLUME_DAYS; i++) {
        h.add(user.dayNumber[i]).add(user.dayVolume[i]);
      }
      for (Order o = user.openHead(engine.orderHandles); o != null; o = o.userNext()) {
        h.add(o.orderId);
      }
    }
    KeyedIndex.Withdrawals withdrawals = engine.withdrawals;
    for (long id : withdrawals.sortedKeys()) {
      Withdrawal w = withdrawals.get(id);
      h.add(id).add(w.userId()).add(w.assetId()).add(w.amount());
    }
    engine.memory.hashInto(h);
    return h.finish();
  }

  private static void hashBook(Hasher h, Book book, OrderHandles handles) {
    InstrumentSpec spec = book.spec;
    h.add(book.instrumentId).add(spec.symbol()).add(book.status);
    h.add(spec.baseAssetId()).add(spec.quoteAssetId()).add(spec.defaultSelfTradePrevention());
    for (java.math.BigDecimal size :
        new java.math.BigDecimal[] {
          spec.tickSize(),
          spec.lotSize(),
          spec.minQuantity(),
          spec.maxQuantity(),
          spec.maxPrice(),
          spec.minNotional()
        }) {
      h.add(size.stripTrailingZeros().toPlainString());
    }
    h.add(book.lastPriceTicks).add(book.updateId).add(book.restingOrders);
    h.add(book.feeOverride == null ? -1 : book.feeOverride.makerPpm());
    h.add(book.feeOverride == null ? -1 : book.feeOverride.takerPpm());
    for (BookSide side : new BookSide[] {book.bids, book.asks}) {
      h.add(side.levelCount());
      for (int i = side.bestIndex(); i >= 0; i = side.worse(i)) {
        PriceLevel level = side.at(i);
        h.add(level.priceTicks).add(level.totalLots).add(level.orderCount);
        for (Order o = level.head(handles); o != null; o = o.next()) {
          hashOrder(h, o);
        }
      }
    }
    h.add(book.stopCount);
    for (int i = 0; i < book.stopCount; i++) {
      hashOrder(h, book.stops[i]);
    }
  }

  private static void hashOrder(Hasher h, Order o) {
    h.add(o.orderId)
        .add(o.clientOrderId)
        .add(o.user.userId)
        .add(o.buy ? 1 : 0)
        .add(o.type())
        .add(o.timeInForce())
        .add(o.stp())
        .add(o.status())
        .add(o.priceTicks)
        .add(o.stopPriceTicks)
        .add(o.quantityLots)
        .add(o.quoteAmount)
        .add(o.filledLots)
        .add(o.cumulativeQuote)
        .add(o.makerPpm)
        .add(o.takerPpm)
        .add(o.cumMakerNotional)
        .add(o.cumTakerNotional)
        .add(o.feesPaid)
        .add(o.hold)
        .add(o.triggered ? 1 : 0);
  }
}
