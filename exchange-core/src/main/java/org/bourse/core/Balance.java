package org.bourse.core;

/**
 * A user's balance in one asset, minor units.
 *
 * @param available free to trade, transfer or withdraw
 * @param held reserved by open orders and pending withdrawals
 */
public record Balance(long available, long held) {
  /** available + held. */
  public long total() {
    return Math.addExact(available, held);
  }
}
