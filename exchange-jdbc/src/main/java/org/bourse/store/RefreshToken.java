package org.bourse.store;

import java.time.Instant;

/**
 * A refresh token as handed to the client: its only appearance in plaintext.
 *
 * <p><b>Thread-safety:</b> immutable.
 *
 * @param token the opaque token ({@code familyId.secret}) the client presents to rotate
 * @param familyId the family (login session) it belongs to
 * @param userId the user it authenticates
 * @param generation 1 for the first token of a family, one more at each rotation
 * @param expiresAt when the family expires; rotation does not extend it
 */
public record RefreshToken(
    String token, String familyId, long userId, long generation, Instant expiresAt) {

  /** Never prints the token. */
  @Override
  public String toString() {
    return "RefreshToken[familyId="
        + familyId
        + ", userId="
        + userId
        + ", generation="
        + generation
        + ", expiresAt="
        + expiresAt
        + "]";
  }
}
