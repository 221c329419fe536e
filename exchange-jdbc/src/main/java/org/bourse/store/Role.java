package org.bourse.store;

/** What a user may do beyond their own account. */
public enum Role {
  /** An ordinary trader. */
  USER,
  /** May administer the venue (instruments, users, halts). */
  ADMIN
}
