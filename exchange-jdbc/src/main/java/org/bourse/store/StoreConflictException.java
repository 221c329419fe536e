package org.bourse.store;

/**
 * A write lost to another: a duplicate (an email already registered) or a stale version (the row
 * changed since it was read). The message names the field; the caller may re-read and try again.
 * The reference server answers 409 Conflict.
 */
public final class StoreConflictException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what conflicted, naming the field and the values involved
   */
  public StoreConflictException(String message) {
    super(message);
  }
}
