package org.bourse.bench;

/** The proportions of an order flow once its books hold their target of resting orders. */
enum Mix {
  /**
   * exchange-core's own benchmark mix, to meet it on its home ground: a book kept near its target
   * size around a last-trade price that drifts between two bounds, then mostly price moves of old
   * orders, with some GTC adds, IOC takers, cancels and reductions. The proportions follow those of
   * exchange-core's TestOrdersGenerator: a side below target gets a GTC, cancel, reduce or move
   * (20/10/10/60%); a full side gets an IOC, cancel, reduce or move (5/2.5/2.5/90%).
   */
  EXCHANGE_CORE("exchange-core mix"),

  /**
   * Closer to a crypto venue: about 45% GTC adds near the touch, 40% cancels of random resting
   * orders, 5% IOC takers and 10% amends (half price moves, half quantity reductions).
   */
  CRYPTO("crypto mix"),

  /**
   * The differential flow: GTC and IOC limit orders and cancels only (50/10/40%), priced so that
   * many orders cross and sweep several levels; a few cancels name orders that have already ended,
   * which both engines must refuse.
   */
  LIMIT_CANCEL("GTC/IOC/cancel mix");

  private final String label;

  Mix(String label) {
    this.label = label;
  }

  /** A short human-readable name for reports. */
  String label() {
    return label;
  }
}
