package org.bourse.store;

import java.time.Instant;
import java.util.Set;

/**
 * A stored user account.
 *
 * <p><b>Thread-safety:</b> immutable.
 *
 * @param id the store-assigned id, positive
 * @param email the address as registered; unique ignoring case
 * @param passwordHash the password hash as stored (a PHC string such as {@code $argon2id$...})
 * @param status where the account stands
 * @param roles one or more roles
 * @param kycLevel 0 (nothing verified) to {@link NewUser#MAX_KYC_LEVEL}; gates withdrawals and
 *     limits
 * @param createdAt when the account was created (millisecond precision)
 * @param updatedAt when any field last changed
 * @param version the optimistic-concurrency version: every update names the version it read and
 *     increments it
 */
public record User(
    long id,
    String email,
    String passwordHash,
    UserStatus status,
    Set<Role> roles,
    int kycLevel,
    Instant createdAt,
    Instant updatedAt,
    long version) {

  public User {
    roles = Set.copyOf(roles);
  }

  /** Never prints the password hash. */
  @Override
  public String toString() {
    return "User[id=" + id + ", email=" + email + ", status=" + status + ", roles=" + roles + "]";
  }
}
