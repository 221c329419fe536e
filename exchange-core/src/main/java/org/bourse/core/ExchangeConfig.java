package org.bourse.core;

import java.util.Objects;

/**
 * Bounds and options of an {@link Exchange}. Every bound is a reject when reached, never growth.
 *
 * @param maxAssets asset ids are 1..maxAssets
 * @param maxInstruments instrument ids are 1..maxInstruments
 * @param maxUsers how many users may exist
 * @param maxOpenOrdersPerUser open orders (resting and conditional) per user
 * @param maxOrdersPerBook resting orders per instrument
 * @param maxStopOrdersPerInstrument waiting conditional orders per instrument
 * @param maxPendingWithdrawals pending withdrawals engine-wide
 * @param idempotencyWindow how many recent command ids are remembered for duplicate detection, at
 *     most {@link #MAX_IDEMPOTENCY_WINDOW} (70 to 100 bytes of memory each, with the indexes)
 * @param feeModel how order fee rates are chosen
 * @param eventDetail which events results carry
 */
public record ExchangeConfig(
    int maxAssets,
    int maxInstruments,
    int maxUsers,
    int maxOpenOrdersPerUser,
    int maxOrdersPerBook,
    int maxStopOrdersPerInstrument,
    int maxPendingWithdrawals,
    int idempotencyWindow,
    FeeModel feeModel,
    EventDetail eventDetail) {

  public ExchangeConfig {
    Objects.requireNonNull(feeModel, "feeModel");
    Objects.requireNonNull(eventDetail, "eventDetail");
    requirePositive("maxAssets", maxAssets);
    requirePositive("maxInstruments", maxInstruments);
    requirePositive("maxUsers", maxUsers);
    requirePositive("maxOpenOrdersPerUser", maxOpenOrdersPerUser);
    requirePositive("maxOrdersPerBook", maxOrdersPerBook);
    requirePositive("maxStopOrdersPerInstrument", maxStopOrdersPerInstrument);
    requirePositive("maxPendingWithdrawals", maxPendingWithdrawals);
    requirePositive("idempotencyWindow", idempotencyWindow);
    if (idempotencyWindow > MAX_IDEMPOTENCY_WINDOW) {
      throw new IllegalArgumentException(
          "idempotencyWindow must be at most "
              + MAX_IDEMPOTENCY_WINDOW
              + " commands, was "
              + idempotencyWindow);
    }
  }

  /** The largest idempotency window: 2^26 commands, about 4.3 GiB of memory. */
  public static final int MAX_IDEMPOTENCY_WINDOW = 1 << 26;

  private static void requirePositive(String name, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, was " + value);
    }
  }

  /**
   * Defaults for a venue: 64 assets, 256 instruments, 1,000,000 users, 1,000 open orders per user,
   * 2,000,000 orders per book, 10,000 stop orders per instrument, 100,000 pending withdrawals, the
   * last 100,000 command ids remembered, tiered fees, all events.
   */
  public static ExchangeConfig defaults() {
    return new ExchangeConfig(
        64,
        256,
        1_000_000,
        1_000,
        2_000_000,
        10_000,
        100_000,
        100_000,
        FeeModel.TIERED,
        EventDetail.FULL);
  }

  /** The same config with another event detail. */
  public ExchangeConfig withEventDetail(EventDetail detail) {
    return new ExchangeConfig(
        maxAssets,
        maxInstruments,
        maxUsers,
        maxOpenOrdersPerUser,
        maxOrdersPerBook,
        maxStopOrdersPerInstrument,
        maxPendingWithdrawals,
        idempotencyWindow,
        feeModel,
        detail);
  }

  /** The same config with another fee model. */
  public ExchangeConfig withFeeModel(FeeModel model) {
    return new ExchangeConfig(
        maxAssets,
        maxInstruments,
        maxUsers,
        maxOpenOrdersPerUser,
        maxOrdersPerBook,
        maxStopOrdersPerInstrument,
        maxPendingWithdrawals,
        idempotencyWindow,
        model,
        eventDetail);
  }

  /** The same config with other order bounds. */
  public ExchangeConfig withOrderBounds(
      int openOrdersPerUser, int ordersPerBook, int stopOrdersPerInstrument) {
    return new ExchangeConfig(
        maxAssets,
        maxInstruments,
        maxUsers,
        openOrdersPerUser,
        ordersPerBook,
        stopOrdersPerInstrument,
        maxPendingWithdrawals,
        idempotencyWindow,
        feeModel,
        eventDetail);
  }

  /** The same config with another user bound and withdrawal bound. */
  public ExchangeConfig withUserBounds(int users, int pendingWithdrawals) {
    return new ExchangeConfig(
        maxAssets,
        maxInstruments,
        users,
        maxOpenOrdersPerUser,
        maxOrdersPerBook,
        maxStopOrdersPerInstrument,
        pendingWithdrawals,
        idempotencyWindow,
        feeModel,
        eventDetail);
  }
}
