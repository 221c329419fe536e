package org.bourse.core;

import java.util.ArrayList;
import java.util.List;

/**
 * The double-entry ledger: the system accounts (EXTERNAL and FEES per asset) and the entry builder
 * that every balance change goes through. User accounts live in {@link UserState} for locality but
 * are only changed here.
 *
 * <p>An entry is built with {@link #begin}, {@link #move} and {@link #commit}. Moves are applied as
 * they are posted: the engine checks funds before it builds an entry, so a posting that would make
 * a user account negative, or an entry whose postings do not sum to zero per asset, is a bug and
 * throws {@link ExchangeException} (the runtime stops on it rather than acknowledge a corrupt
 * state). On commit the entry extends the hash chain over its kind, command and postings.
 */
final class Ledger {
  private static final int MAX_POSTINGS = 8;
  private static final AccountKind[] ACCOUNT_KINDS = AccountKind.values();
  private static final EntryKind[] ENTRY_KINDS = EntryKind.values();

  final long[] external;
  final long[] fees;
  private long head;
  private long entryCount;

  /** The open entry's kind as an ordinal (a store without a GC write barrier); -1 for none. */
  private int openKind = -1;

  private int postingCount;
  // Postings are kept as primitives, not as references to the user and the account kind: a
  // reference stored into this long-lived object costs G1 a card-marking write barrier each time.
  private final long[] postingUserId = new long[MAX_POSTINGS];
  private final byte[] postingAccount = new byte[MAX_POSTINGS];
  private final int[] postingAsset = new int[MAX_POSTINGS];
  private final long[] postingAmount = new long[MAX_POSTINGS];

  Ledger(int maxAssets) {
    external = new long[maxAssets + 1];
    fees = new long[maxAssets + 1];
  }

  long head() {
    return head;
  }

  long entryCount() {
    return entryCount;
  }

  void restoreChain(long head, long entryCount) {
    this.head = head;
    this.entryCount = entryCount;
  }

  void begin(EntryKind entryKind) {
    if (openKind >= 0) {
      throw new ExchangeException("ledger: entry " + ENTRY_KINDS[openKind] + " still open");
    }
    openKind = entryKind.ordinal();
    postingCount = 0;
  }

  /** Posts {@code -amount} to the source and {@code +amount} to the target account. */
  void move(
      UserState fromUser,
      AccountKind fromAccount,
      UserState toUser,
      AccountKind toAccount,
      int assetId,
      long amount) {
    if (amount == 0) {
      return;
    }
    post(fromUser, fromAccount, assetId, Math.negateExact(amount));
    post(toUser, toAccount, assetId, amount);
  }

  void post(UserState user, AccountKind account, int assetId, long amount) {
    if (amount == 0) {
      return;
    }
    if (postingCount == MAX_POSTINGS) {
      throw new ExchangeException("ledger: more than " + MAX_POSTINGS + " postings in one entry");
    }
    // Identity tests rather than a switch: an enum switch reads a lookup table first.
    long[] accounts =
        account == AccountKind.AVAILABLE
            ? user.available
            : account == AccountKind.HELD
                ? user.held
                : account == AccountKind.EXTERNAL ? external : fees;
    long after;
    try {
      after = Math.addExact(accounts[assetId], amount);
    } catch (ArithmeticException overflow) {
      throw new ExchangeException(
          "ledger: " + account + " in asset " + assetId + " would overflow", overflow);
    }
    if (after < 0 && account.isUserAccount()) {
      throw new ExchangeException(
          "ledger: "
              + account
              + " of user "
              + user.userId
              + " in asset "
              + assetId
              + " would become "
              + after);
    }
    accounts[assetId] = after;
    postingUserId[postingCount] = user == null ? 0 : user.userId;
    postingAccount[postingCount] = (byte) account.ordinal();
    postingAsset[postingCount] = assetId;
    postingAmount[postingCount] = amount;
    postingCount++;
  }

  /**
   * Closes the entry: checks it balances per asset, extends the hash chain and, when asked, builds
   * its event. An entry without postings leaves no trace.
   */
  ExchangeEvent.LedgerEntry commit(long sequence, long commandId, boolean buildEvent) {
    EntryKind entryKind = openKind < 0 ? null : ENTRY_KINDS[openKind];
    openKind = -1;
    if (postingCount == 0) {
      return null;
    }
    for (int i = 0; i < postingCount; i++) {
      long sum = 0;
      for (int j = 0; j < postingCount; j++) {
        if (postingAsset[j] == postingAsset[i]) {
          sum += postingAmount[j];
        }
      }
      if (sum != 0) {
        throw new ExchangeException(
            "ledger: " + entryKind + " entry does not balance in asset " + postingAsset[i]);
      }
    }
    entryCount++;
    long h = Hasher.mix(head, entryCount);
    h = Hasher.mix(h, sequence);
    h = Hasher.mix(h, commandId);
    h = Hasher.mix(h, entryKind.ordinal());
    for (int i = 0; i < postingCount; i++) {
      h = Hasher.mix(h, postingUserId[i]);
      h = Hasher.mix(h, postingAccount[i]);
      h = Hasher.mix(h, postingAsset[i]);
      h = Hasher.mix(h, postingAmount[i]);
    }
    head = h;
    if (!buildEvent) {
      return null;
    }
    List<Posting> postings = new ArrayList<>(postingCount);
    for (int i = 0; i < postingCount; i++) {
      postings.add(
          new Posting(
              postingUserId[i],
              ACCOUNT_KINDS[postingAccount[i]],
              postingAsset[i],
              postingAmount[i]));
    }
    return new ExchangeEvent.LedgerEntry(
        entryCount, sequence, commandId, entryKind, List.copyOf(postings), head);
  }

  int postingCount() {
    return postingCount;
  }

  /** The user of posting {@code i}, or 0 for a system account. */
  long postingUserId(int i) {
    return postingUserId[i];
  }

  int postingAsset(int i) {
    return postingAsset[i];
  }
}
