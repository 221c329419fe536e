package org.bourse.core;

import java.util.List;
import java.util.Optional;

/**
 * The synchronous exchange: a deterministic state machine owning books, balances, holds, fee
 * volumes and conditional orders.
 *
 * <p>{@link #apply} is the only way to change state. It reads no clock and no random source: the
 * timestamp comes with each call, and sequence numbers, order ids, trade ids and ledger entry ids
 * are counters. The same commands with the same timestamps therefore always yield the same results,
 * events and {@link #stateHash()}.
 *
 * <p><b>Thread-safety:</b> none. Exactly one thread may call {@link #apply} and the queries; other
 * threads hand commands to it through a queue. This is what makes matching lock-free and fast.
 *
 * <p>Units: prices in ticks, quantities in lots, amounts in minor units (see {@link Instrument}).
 */
public interface Exchange {

  /** A new, empty exchange with {@link ExchangeConfig#defaults()}. */
  static Exchange create() {
    return create(ExchangeConfig.defaults());
  }

  /** A new, empty exchange. */
  static Exchange create(ExchangeConfig config) {
    return new Engine(config);
  }

  /**
   * Applies one command.
   *
   * @param timestampMs epoch milliseconds; must not be lower than the previous call's
   * @return the result, with the sequence number this command received
   * @throws ExchangeException if the timestamp goes backwards or the state is found corrupt
   */
  CommandResult apply(long timestampMs, Command command);

  /** The sequence number of the last applied command (0 before the first). */
  long lastSequence();

  /** The timestamp of the last applied command, epoch ms (0 before the first). */
  long lastTimestampMs();

  /**
   * A 64-bit hash of the whole state: definitions, books in queue order, conditional orders,
   * balances, holds, pending withdrawals, fee schedule and volumes, the idempotency memory,
   * counters and the ledger hash-chain head. Two exchanges that applied the same commands have the
   * same hash. Costs a walk over the state; not for the hot path.
   */
  long stateHash();

  /**
   * Checks every ledger and book invariant: each asset's accounts sum to zero; no user account is
   * negative; each user's HELD equals the reservations of their open orders and pending
   * withdrawals; no book is crossed; book totals match their orders.
   *
   * @throws ExchangeException naming the first broken invariant
   */
  void verify();

  /** The head of the ledger hash chain (0 before the first entry). */
  long ledgerHash();

  /** The asset, if defined. */
  Optional<Asset> asset(int assetId);

  /** The asset with this code, if defined. */
  Optional<Asset> asset(String code);

  /** The instrument with its current status, if defined. */
  Optional<Instrument> instrument(int instrumentId);

  /** The instrument with this symbol, if defined. */
  Optional<Instrument> instrument(String symbol);

  /** An open order (resting or conditional) by id. Ended orders are not kept by the engine. */
  Optional<OrderState> order(long orderId);

  /** An open order by its owner's client order id. */
  Optional<OrderState> order(long userId, String clientOrderId);

  /** The user's open orders, oldest first. */
  List<OrderState> openOrders(long userId);

  /** The user's open orders on one instrument, oldest first. */
  List<OrderState> openOrders(long userId, int instrumentId);

  /** Whether the user exists. */
  boolean hasUser(long userId);

  /** A user's balance in an asset (zero for an unknown user or asset). */
  Balance balance(long userId, int assetId);

  /** A system account's balance (EXTERNAL or FEES), minor units; may be negative. */
  long systemBalance(AccountKind account, int assetId);

  /** The best {@code levels} price levels of each side. */
  Depth depth(int instrumentId, int levels);

  /** The best bid price in ticks, or 0 when there is none. */
  long bestBidTicks(int instrumentId);

  /** The best ask price in ticks, or 0 when there is none. */
  long bestAskTicks(int instrumentId);

  /** The last trade price in ticks, or 0 before the first trade. */
  long lastPriceTicks(int instrumentId);

  /** The user's rolling 30-day volume as of the last command, minor units of the volume asset. */
  long volume30d(long userId);

  /** The user's current fee tier (assigned or from volume). */
  int feeTier(long userId);
}
