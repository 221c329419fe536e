package org.bourse.core;

/** Why a ledger entry was made. */
public enum EntryKind {
  DEPOSIT,
  WITHDRAWAL_REQUEST,
  WITHDRAWAL_COMPLETE,
  WITHDRAWAL_CANCEL,
  TRANSFER,
  ORDER_HOLD,
  ORDER_RELEASE,
  TRADE
}
