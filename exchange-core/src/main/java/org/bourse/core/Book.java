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

  /** Triggered conditional orders waiting to execute; empty between commands. */
  private Order[] triggered = new Order[16];

  private int triggeredHead;
  private int triggeredCount;

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

  /**
   * Moves the conditional orders that a trade at {@code priceTicks} triggers, in acceptance order,
   * from the stop list to the end of the triggered queue. Called after every trade, so each trade
   * price is checked, not only where a taker's sweep ends.
   */
  void collectTriggered(long priceTicks) {
    int kept = 0;
    for (int i = 0; i < stopCount; i++) {
      Order stop = stops[i];
      if (stop.triggersAt(priceTicks)) {
        stop.triggerPriceTicks = priceTicks;
        if (triggeredCount == triggered.length) {
          triggered = Arrays.copyOf(triggered, triggeredCount * 2);
        }
        triggered[triggeredCount++] = stop;
      } else {
        stops[kept++] = stop;
      }
    }
    Arrays.fill(stops, kept, stopCount, null);
    stopCount = kept;
  }

  /** The next triggered order to execute (FIFO), or null. */
  Order nextTriggered() {
    if (triggeredHead == triggeredCount) {
      triggeredHead = 0;
      triggeredCount = 0;
      return null;
    }
    Order next = triggered[triggeredHead];
    triggered[triggeredHead++] = null;
    return next;
  }
}
