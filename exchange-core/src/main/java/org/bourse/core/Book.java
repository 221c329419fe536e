package org.bourse.core;

import java.util.Arrays;

/**
 * The state of one instrument: its definition factors, status, fee override, both sides of the
 * book, the waiting conditional orders (in acceptance order) and market-data counters.
 */
final class Book {
  final InstrumentSpec spec;
  final int instrumentId;
  final int baseAssetId;
  final int quoteAssetId;
  final int baseScale;
  final int quoteScale;
  final long baseMinorPerLot;
  final long quoteMinorPerTickLot;
  final long minQuantityLots;
  final long maxQuantityLots;
  final long maxPriceTicks;
  final long minNotionalMinor;
  final BookSide bids = new BookSide(true);
  final BookSide asks = new BookSide(false);

  InstrumentStatus status;
  FeeRates feeOverride;
  long lastPriceTicks;
  long updateId;
  int restingOrders;
  Order[] stops = new Order[16];
  int stopCount;

  Book(InstrumentSpec spec, Instrument derived) {
    this.spec = spec;
    this.instrumentId = spec.instrumentId();
    this.baseAssetId = spec.baseAssetId();
    this.quoteAssetId = spec.quoteAssetId();
    this.baseScale = derived.baseScale();
    this.quoteScale = derived.quoteScale();
    this.baseMinorPerLot = derived.baseMinorPerLot();
    this.quoteMinorPerTickLot = derived.quoteMinorPerTickLot();
    this.minQuantityLots = derived.minQuantityLots();
    this.maxQuantityLots = derived.maxQuantityLots();
    this.maxPriceTicks = derived.maxPriceTicks();
    this.minNotionalMinor = derived.minNotionalMinor();
    this.status = spec.status();
  }

  BookSide side(boolean buy) {
    return buy ? bids : asks;
  }

  Instrument toInstrument() {
    return new Instrument(
        spec,
        baseScale,
        quoteScale,
        baseMinorPerLot,
        quoteMinorPerTickLot,
        minQuantityLots,
        maxQuantityLots,
        maxPriceTicks,
        minNotionalMinor,
        status);
  }

  /** Quote minor units of {@code lots} at {@code priceTicks}; bounded by the definition check. */
  long notional(long priceTicks, long lots) {
    return Math.multiplyExact(Math.multiplyExact(priceTicks, lots), quoteMinorPerTickLot);
  }

  void addStop(Order order) {
    if (stopCount == stops.length) {
      stops = Arrays.copyOf(stops, stopCount * 2);
    }
    stops[stopCount++] = order;
  }

  void removeStop(Order order) {
    for (int i = 0; i < stopCount; i++) {
      if (stops[i] == order) {
        System.arraycopy(stops, i + 1, stops, i, stopCount - i - 1);
        stops[--stopCount] = null;
        return;
      }
    }
    throw new ExchangeException("book " + instrumentId + ": stop order " + order.orderId + " lost");
  }

  /** The oldest conditional order that triggers at the last price, or null. */
  Order firstTriggered() {
    if (lastPriceTicks == 0) {
      return null;
    }
    for (int i = 0; i < stopCount; i++) {
      if (stops[i].triggersAt(lastPriceTicks)) {
        return stops[i];
      }
    }
    return null;
  }
}
