package org.bourse.jdbc.projection;

import org.bourse.core.AccountKind;
import org.bourse.core.EntryKind;

/**
 * One posting to a user's account in an asset: a line of their ledger statement.
 *
 * @param entryId the ledger entry the posting belongs to
 * @param postingIndex its position in the entry
 * @param sequence the journal sequence of the command that caused the entry
 * @param timestampMs that command's timestamp, epoch milliseconds
 * @param kind why the entry was made
 * @param account AVAILABLE or HELD
 * @param amount the signed change, minor units of the asset
 * @param balanceAfter the account's balance after this posting, minor units (the running balance)
 */
public record StatementLine(
    long entryId,
    int postingIndex,
    long sequence,
    long timestampMs,
    EntryKind kind,
    AccountKind account,
    long amount,
    long balanceAfter) {}
