package org.bourse.core;

/**
 * One leg of a ledger entry.
 *
 * @param userId the owner of a user account, or 0 for the system accounts EXTERNAL and FEES
 * @param account the account kind
 * @param assetId the asset
 * @param amount the signed change in minor units of the asset
 */
public record Posting(long userId, AccountKind account, int assetId, long amount) {}
