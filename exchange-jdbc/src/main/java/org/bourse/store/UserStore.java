package org.bourse.store;

import java.util.Optional;
import java.util.Set;

/**
 * User accounts. Emails are unique ignoring case. Every update is a compare-and-set on the {@link
 * User#version} the caller read, so two administrators editing one account cannot silently undo
 * each other: the second gets a {@link StoreConflictException} and re-reads.
 *
 * <p><b>Thread-safety:</b> implementations are safe for concurrent use.
 */
public interface UserStore {

  /**
   * Creates the account at version 1.
   *
   * @throws StoreConflictException if the email (ignoring case) is already registered
   */
  User create(NewUser user);

  /** The account with this id, if any. */
  Optional<User> findById(long userId);

  /** The account with this email ignoring case, if any; a malformed email finds nothing. */
  Optional<User> findByEmail(String email);

  /**
   * Sets the status.
   *
   * @param expectedVersion the version the caller read
   * @return the account as stored, one version later
   * @throws StoreConflictException if the account changed since {@code expectedVersion}
   * @throws IllegalArgumentException if there is no such account
   */
  User updateStatus(long userId, long expectedVersion, UserStatus status);

  /** Replaces the roles; otherwise as {@link #updateStatus}. */
  User updateRoles(long userId, long expectedVersion, Set<Role> roles);

  /**
   * Sets the KYC level (0 to {@link NewUser#MAX_KYC_LEVEL}); otherwise as {@link #updateStatus}.
   */
  User updateKycLevel(long userId, long expectedVersion, int kycLevel);

  /** Replaces the password hash; otherwise as {@link #updateStatus}. */
  User updatePasswordHash(long userId, long expectedVersion, String passwordHash);
}
