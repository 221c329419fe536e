package org.bourse.core;

/** A pending withdrawal: its amount sits in the user's HELD account until completed or canceled. */
record Withdrawal(long withdrawalId, long userId, int assetId, long amount) {}
