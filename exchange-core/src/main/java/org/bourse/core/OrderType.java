package org.bourse.core;

/**
 * Order types, named as on common spot exchanges.
 *
 * <p>Stop types wait, holding their funds, until the instrument's last trade price reaches the stop
 * price: STOP_LOSS triggers a sell when the price falls to the stop (a buy when it rises to it);
 * TAKE_PROFIT triggers a sell when the price rises to the stop (a buy when it falls to it). The
 * plain variants then execute as MARKET, the {@code _LIMIT} variants as LIMIT.
 */
public enum OrderType {
  /** Rests at a limit price; may take liquidity first. */
  LIMIT,
  /** Takes liquidity at any price, by base quantity or by quote amount; never rests. */
  MARKET,
  /** Post-only limit order: rejected if any part of it would take liquidity. */
  LIMIT_MAKER,
  /** Stop that executes as MARKET when triggered. */
  STOP_LOSS,
  /** Stop that executes as LIMIT when triggered. */
  STOP_LOSS_LIMIT,
  /** Take-profit that executes as MARKET when triggered. */
  TAKE_PROFIT,
  /** Take-profit that executes as LIMIT when triggered. */
  TAKE_PROFIT_LIMIT;

  /** Whether this type waits for a trigger price before it executes. */
  public boolean isConditional() {
    return this == STOP_LOSS
        || this == STOP_LOSS_LIMIT
        || this == TAKE_PROFIT
        || this == TAKE_PROFIT_LIMIT;
  }

  /** Whether this type carries a limit price (after triggering, for conditional types). */
  public boolean hasLimitPrice() {
    return this == LIMIT
        || this == LIMIT_MAKER
        || this == STOP_LOSS_LIMIT
        || this == TAKE_PROFIT_LIMIT;
  }
}
