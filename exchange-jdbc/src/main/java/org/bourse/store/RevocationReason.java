package org.bourse.store;

/** Why a refresh-token family stopped working. */
public enum RevocationReason {
  /** The user logged out. */
  LOGOUT,
  /** A token that had already been rotated away was presented again: it was stolen or leaked. */
  REUSE_DETECTED,
  /** The password changed; every session ends. */
  PASSWORD_CHANGED,
  /** An administrator ended the sessions. */
  ADMIN
}
