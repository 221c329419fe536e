package org.bourse.cli.simulate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.bourse.core.CommandResult;
import org.bourse.core.ExchangeEvent;
import org.bourse.core.RejectReason;

/** Counts the outcomes of applied commands: accepted, rejected by reason, trades by instrument. */
final class Tally {
  private static final RejectReason[] REASONS = RejectReason.values();

  /** A reject reason and how often it occurred. */
  record RejectCount(RejectReason reason, long count) {}

  private long accepted;
  private long rejected;
  private final long[] rejectsByReason = new long[REASONS.length];
  private final long[] trades;
  private final long[] tradedLots;
  private final long[] tradedQuoteMinor;

  /**
   * @param maxInstrumentId the highest instrument id that can trade
   */
  Tally(int maxInstrumentId) {
    trades = new long[maxInstrumentId + 1];
    tradedLots = new long[maxInstrumentId + 1];
    tradedQuoteMinor = new long[maxInstrumentId + 1];
  }

  void add(CommandResult result) {
    if (result.accepted()) {
      accepted++;
    } else {
      rejected++;
      rejectsByReason[result.rejectReason().ordinal()]++;
    }
    for (ExchangeEvent event : result.events()) {
      if (event instanceof ExchangeEvent.Trade) {
        ExchangeEvent.Trade trade = (ExchangeEvent.Trade) event;
        int instrument = trade.instrumentId();
        trades[instrument]++;
        tradedLots[instrument] = Math.addExact(tradedLots[instrument], trade.quantityLots());
        tradedQuoteMinor[instrument] =
            Math.addExact(tradedQuoteMinor[instrument], trade.quoteAmount());
      }
    }
  }

  long accepted() {
    return accepted;
  }

  long rejected() {
    return rejected;
  }

  /** The most frequent reject reasons, most frequent first, at most {@code limit}. */
  List<RejectCount> topRejects(int limit) {
    List<RejectCount> counts = new ArrayList<>();
    for (RejectReason reason : REASONS) {
      if (rejectsByReason[reason.ordinal()] > 0) {
        counts.add(new RejectCount(reason, rejectsByReason[reason.ordinal()]));
      }
    }
    counts.sort(Comparator.comparingLong(RejectCount::count).reversed());
    return counts.subList(0, Math.min(limit, counts.size()));
  }

  long trades() {
    long total = 0;
    for (long count : trades) {
      total += count;
    }
    return total;
  }

  long trades(int instrumentId) {
    return trades[instrumentId];
  }

  long tradedLots(int instrumentId) {
    return tradedLots[instrumentId];
  }

  long tradedQuoteMinor(int instrumentId) {
    return tradedQuoteMinor[instrumentId];
  }
}
