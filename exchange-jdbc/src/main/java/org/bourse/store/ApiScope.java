package org.bourse.store;

/** What an API key may do. */
public enum ApiScope {
  /** Read balances, orders and history. */
  READ,
  /** Place, amend and cancel orders. */
  TRADE,
  /** Request withdrawals. */
  WITHDRAW
}
