package org.bourse.core;

/** How long the unfilled part of a limit order lives. MARKET orders behave as IOC. */
public enum TimeInForce {
  /** Good till canceled: the remainder rests on the book. */
  GTC,
  /** Immediate or cancel: the remainder expires. */
  IOC,
  /** Fill or kill: fills completely at once or expires without any trade or ledger entry. */
  FOK
}
