package org.bourse.store;

import java.util.List;
import java.util.Optional;

/**
 * TOTP enrolments and recovery codes. The seed is encrypted at rest (it must be recoverable to
 * compute codes) and bound to its user; recovery codes are stored only as hashes and each works
 * once. Computing and checking TOTP codes is the caller's job; the store keeps the last accepted
 * time step so that a code cannot be replayed.
 *
 * <p><b>Thread-safety:</b> implementations are safe for concurrent use.
 */
public interface TotpStore {

  /**
   * Stores a new unconfirmed seed, replacing an unconfirmed one. Of concurrent enrolments of one
   * user, the last to commit wins.
   *
   * @param seed 16 to 64 bytes
   * @throws StoreConflictException if the user has a confirmed enrolment (remove it first)
   */
  void enrol(long userId, byte[] seed);

  /** The user's enrolment, if any. */
  Optional<TotpEnrolment> find(long userId);

  /**
   * Marks the enrolment confirmed and accepts the time step of the code that confirmed it, in one
   * atomic step, so that the same code cannot then be replayed for a login. False if there is no
   * enrolment, it was confirmed already, or the step is not later than one accepted before.
   *
   * @param timeStep the RFC 6238 time step of the code the user entered, not negative
   */
  boolean confirm(long userId, long timeStep);

  /**
   * Accepts a code's time step once: true (and remembered) only if it is later than every step
   * accepted before. Atomic, so two requests with the same code cannot both pass.
   */
  boolean acceptTimeStep(long userId, long timeStep);

  /** Removes the enrolment and the recovery codes; false if there was no enrolment. */
  boolean remove(long userId);

  /**
   * Replaces the user's recovery codes with {@code count} fresh ones (1 to 20) and returns them in
   * plaintext, formatted {@code xxxx-xxxx-xxxx-xxxx}; this is the only time they exist in clear.
   */
  List<String> replaceRecoveryCodes(long userId, int count);

  /**
   * Uses up a recovery code: true exactly once per code, even under concurrent calls. Case, blanks
   * and dashes in the presented code are ignored.
   */
  boolean consumeRecoveryCode(long userId, String code);

  /** How many of the user's recovery codes are unused. */
  int remainingRecoveryCodes(long userId);
}
