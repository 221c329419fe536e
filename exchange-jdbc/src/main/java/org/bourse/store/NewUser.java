package org.bourse.store;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A user account to create. The email is stripped of surrounding blanks and checked; its lower-case
 * form must be unique.
 *
 * <p><b>Thread-safety:</b> immutable.
 *
 * @param email an address of the form {@code name@example.com}, at most 254 characters
 * @param passwordHash a password hash from {@link PasswordHasher#hash}, at most 512 characters
 * @param status the initial status, usually {@link UserStatus#PENDING_VERIFICATION}
 * @param roles at least one role
 * @param kycLevel 0 to {@link #MAX_KYC_LEVEL}
 */
public record NewUser(
    String email, String passwordHash, UserStatus status, Set<Role> roles, int kycLevel) {

  /** The highest KYC level. */
  public static final int MAX_KYC_LEVEL = 9;

  public NewUser {
    email = validEmail(email);
    passwordHash = validPasswordHash(passwordHash);
    Objects.requireNonNull(status, "status");
    roles = validRoles(roles);
    validKycLevel(kycLevel);
  }

  /** A new ordinary user awaiting email verification, at KYC level 0. */
  public static NewUser of(String email, String passwordHash) {
    return new NewUser(email, passwordHash, UserStatus.PENDING_VERIFICATION, Set.of(Role.USER), 0);
  }

  /** The form of {@code email} under which uniqueness is checked and look-ups match. */
  public static String emailKey(String email) {
    return validEmail(email).toLowerCase(Locale.ROOT);
  }

  /** Never prints the password hash. */
  @Override
  public String toString() {
    return "NewUser[email=" + email + ", status=" + status + ", roles=" + roles + "]";
  }

  static String validEmail(String email) {
    Objects.requireNonNull(email, "email");
    String stripped = email.strip();
    int at = stripped.indexOf('@');
    boolean valid =
        stripped.length() <= 254
            && at > 0
            && at <= 64
            && at == stripped.lastIndexOf('@')
            && stripped.chars().noneMatch(c -> c <= ' ' || c == 0x7f)
            && validDomain(stripped.substring(at + 1));
    if (!valid) {
      // The address itself stays out of the message: it is personal data, and messages get logged.
      throw new IllegalArgumentException(
          "email must look like name@example.com (one @, a dotted domain, no spaces, at most 254"
              + " characters)");
    }
    return stripped;
  }

  static String validPasswordHash(String passwordHash) {
    return Fields.text(passwordHash, "passwordHash", 512);
  }

  static Set<Role> validRoles(Set<Role> roles) {
    return Set.copyOf(Fields.nonEmpty(roles, "roles", "role"));
  }

  static int validKycLevel(int kycLevel) {
    return Fields.between(kycLevel, "kycLevel", 0, MAX_KYC_LEVEL);
  }

  private static boolean validDomain(String domain) {
    if (domain.isEmpty() || domain.startsWith(".") || domain.endsWith(".")) {
      return false;
    }
    return domain.contains(".") && !domain.contains("..");
  }
}
