package org.bourse.store;

import java.util.Objects;
import java.util.Set;

/**
 * An API key to create; the store picks the key id and the secret.
 *
 * <p><b>Thread-safety:</b> immutable.
 *
 * @param userId the owner, positive
 * @param label the owner's name for the key, 1 to 64 characters
 * @param scopes at least one scope
 * @param ipAllowList where it may be used from ({@link IpAllowList#ANY} for anywhere)
 */
public record NewApiKey(long userId, String label, Set<ApiScope> scopes, IpAllowList ipAllowList) {

  public NewApiKey {
    Fields.positive(userId, "userId");
    Fields.text(label, "label", 64);
    scopes = Set.copyOf(Fields.nonEmpty(scopes, "scopes", "scope"));
    Objects.requireNonNull(ipAllowList, "ipAllowList");
  }
}
