package org.bourse.cli.simulate;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.stream.Collectors;
import org.bourse.core.EventDetail;

/**
 * The outcome of a simulation.
 *
 * @param setupCommands commands that opened the venue, not timed
 * @param applied flow commands applied (fewer than asked when an invariant broke)
 * @param engineNanos time the engine took to apply them
 * @param generateNanos time the order flow took to generate them, not part of the rate
 * @param verifications how many times the invariants were checked
 * @param invariantFailure the broken invariant, or null if all held
 */
record Report(
    Settings settings,
    int setupCommands,
    long applied,
    long engineNanos,
    long generateNanos,
    Tally tally,
    long stateHash,
    int verifications,
    String invariantFailure) {

  private static final int TOP_REJECTS = 5;

  /** A rate for display; the one place where a double is fine, as nothing adds it up. */
  static double perSecond(long count, long nanos) {
    return nanos == 0 ? 0 : count * 1e9 / nanos;
  }

  void print(PrintWriter out) {
    out.printf(
        Locale.ROOT,
        "simulated %,d commands: seed %d, %,d users, %s, events %s%n",
        applied,
        settings.seed(),
        settings.users(),
        settings.listings().stream().map(Listing::name).collect(Collectors.joining(" ")),
        settings.events());
    out.printf(Locale.ROOT, "  setup       %,d commands, not timed%n", setupCommands);
    out.printf(Locale.ROOT, "  generation  %.3f s, not timed%n", generateNanos / 1e9);
    out.printf(
        Locale.ROOT,
        "  engine      %.3f s = %,.0f commands/s%n",
        engineNanos / 1e9,
        perSecond(applied, engineNanos));
    out.printf(
        Locale.ROOT, "accepted  %,12d  %5.1f%%%n", tally.accepted(), percent(tally.accepted()));
    out.printf(
        Locale.ROOT, "rejected  %,12d  %5.1f%%%n", tally.rejected(), percent(tally.rejected()));
    for (Tally.RejectCount count : tally.topRejects(TOP_REJECTS)) {
      out.printf(
          Locale.ROOT,
          "  %-36s %,12d%n",
          count.reason() + " (" + count.reason().code() + ")",
          count.count());
    }
    printTrades(out);
    out.printf(Locale.ROOT, "state hash  %016x%n", stateHash);
    if (invariantFailure == null) {
      String times =
          verifications == 1 ? "once" : String.format(Locale.ROOT, "%,d times", verifications);
      out.printf(Locale.ROOT, "invariants: OK (checked %s)%n", times);
    } else {
      out.printf(
          Locale.ROOT, "invariants: FAILED after %,d commands: %s%n", applied, invariantFailure);
    }
    out.flush();
  }

  private void printTrades(PrintWriter out) {
    if (settings.events() == EventDetail.NONE) {
      out.println("trades    not counted: --events NONE leaves them out of the results");
      return;
    }
    out.printf(Locale.ROOT, "trades    %,12d%n", tally.trades());
    for (Listing listing : settings.listings()) {
      int id = listing.spec.instrumentId();
      BigDecimal base = listing.spec.lotSize().multiply(BigDecimal.valueOf(tally.tradedLots(id)));
      BigDecimal quote = BigDecimal.valueOf(tally.tradedQuoteMinor(id), listing.quote.scale);
      out.printf(
          Locale.ROOT,
          "  %-8s %,12d trades, volume %,."
              + listing.spec.lotSize().scale()
              + "f %s = %,."
              + listing.quote.scale
              + "f %s%n",
          listing,
          tally.trades(id),
          base,
          listing.base,
          quote,
          listing.quote);
    }
  }

  private double percent(long count) {
    return applied == 0 ? 0 : count * 100.0 / applied;
  }
}
