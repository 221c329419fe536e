package org.bourse.core;

/**
 * Ledger account kinds. Each user has an AVAILABLE and a HELD account per asset; each asset has one
 * EXTERNAL account (the world outside the venue: deposits and withdrawals) and one FEES account
 * (fee revenue, minus rebates). System accounts may be negative; user accounts never are.
 */
public enum AccountKind {
  AVAILABLE,
  HELD,
  EXTERNAL,
  FEES;

  /** Whether this kind belongs to a user rather than to the venue. */
  public boolean isUserAccount() {
    return this == AVAILABLE || this == HELD;
  }
}
