package org.bourse.store;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * A stored API key without its secret (see {@link ApiKeyWithSecret}).
 *
 * <p><b>Thread-safety:</b> immutable.
 *
 * @param keyId the public key id the client sends with each request
 * @param userId the owner
 * @param label the owner's name for the key
 * @param scopes what the key may do; never empty
 * @param ipAllowList where the key may be used from
 * @param createdAt when it was made
 * @param lastUsedAt when a request last authenticated with it, if ever
 * @param revokedAt when it was revoked, if it was; a revoked key authenticates nothing
 */
public record ApiKey(
    String keyId,
    long userId,
    String label,
    Set<ApiScope> scopes,
    IpAllowList ipAllowList,
    Instant createdAt,
    Optional<Instant> lastUsedAt,
    Optional<Instant> revokedAt) {

  public ApiKey {
    scopes = Set.copyOf(scopes);
  }

  /** Whether the key was revoked. */
  public boolean revoked() {
    return revokedAt.isPresent();
  }
}
