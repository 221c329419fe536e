package org.bourse.store;

/** Where a user account stands. Only {@link #ACTIVE} users may log in and trade. */
public enum UserStatus {
  /** Registered; the email address is not yet confirmed. */
  PENDING_VERIFICATION,
  /** Confirmed and in good standing. */
  ACTIVE,
  /** Temporarily blocked (too many failed logins, suspected compromise); may be unlocked. */
  LOCKED,
  /** Closed by an administrator or the user. */
  DISABLED
}
