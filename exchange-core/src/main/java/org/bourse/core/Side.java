package org.bourse.core;

/** The side of an order: BUY spends the quote asset for the base asset, SELL the reverse. */
public enum Side {
  BUY,
  SELL;

  /** The side an order of this side trades against. */
  public Side opposite() {
    return this == BUY ? SELL : BUY;
  }
}
