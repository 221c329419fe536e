package org.bourse.bench;

/**
 * What to generate: an order flow is a pure function of these values.
 *
 * @param mix the proportions once the books are full
 * @param symbols instruments 1..symbols; commands are spread over them by a Zipf-like weight (the
 *     first symbol is the busiest), as on a real venue
 * @param users pre-funded users 1..users, chosen uniformly for each new order
 * @param restingPerSymbol the target number of resting orders per book; the fill phase places GTC
 *     orders until every book reaches it
 * @param commands the number of commands after the fill phase (the measured part)
 * @param seed the random seed
 */
record FlowSpec(Mix mix, int symbols, int users, int restingPerSymbol, int commands, long seed) {

  /** The starting last-trade price of every symbol, ticks. */
  static final long INITIAL_PRICE_TICKS = 100_000;

  /** The last-trade price stays within this many ticks of the initial price. */
  static final long PRICE_BAND_TICKS = 5_000;

  /** How far from the last-trade price a passive order may rest, ticks. */
  static final long PRICE_DEVIATION_TICKS = 1_000;

  /**
   * The highest price any order of a flow can carry: used as the limit of IOC buys in the
   * exchange-core mix (a marketable order, as exchange-core's generator does), as exchange-core's
   * reserve price of every bid, and (with room to spare) as the instruments' maximum price.
   */
  static final long MAX_ORDER_PRICE_TICKS =
      INITIAL_PRICE_TICKS + PRICE_BAND_TICKS + 4 * PRICE_DEVIATION_TICKS;

  /** The lowest price of any order, ticks: the limit of IOC sells in the exchange-core mix. */
  static final long MIN_ORDER_PRICE_TICKS = 1;

  /** The largest order quantity, lots. */
  static final long MAX_ORDER_LOTS = 1_000;

  FlowSpec {
    if (symbols < 1 || users < 1 || restingPerSymbol < 2 || commands < 0) {
      throw new IllegalArgumentException(
          "symbols and users must be positive, restingPerSymbol at least 2, commands not negative");
    }
  }

  /** The same spec with another number of measured commands. */
  FlowSpec withCommands(int count) {
    return new FlowSpec(mix, symbols, users, restingPerSymbol, count, seed);
  }

  /** The same spec with another mix. */
  FlowSpec withMix(Mix other) {
    return new FlowSpec(other, symbols, users, restingPerSymbol, commands, seed);
  }

  /** A one-line description for reports. */
  String describe() {
    return mix.label()
        + ", "
        + symbols
        + (symbols == 1 ? " symbol" : " symbols")
        + ", "
        + users
        + " users, ~"
        + restingPerSymbol
        + " resting per book, seed "
        + seed;
  }
}
