package org.bourse.core;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Everything that changes the state of an {@link Exchange}. Commands are immutable values: they are
 * journaled, replayed and compared, so they carry every input the engine needs except the sequence
 * number and timestamp, which the caller of {@link Exchange#apply} supplies.
 *
 * <p>Every command has a {@code commandId} (positive, chosen by the client or the gateway) that
 * makes it idempotent: applying a command whose id was seen within the configured window returns
 * the first result again and changes nothing. Ids are venue-wide, not per user: whoever repeats an
 * id gets the first result, so a gateway that accepts ids from clients must make them unique across
 * clients (for example by deriving them from the user and the client's own id).
 *
 * <p>Units: prices are {@code long} ticks of the instrument, quantities {@code long} lots, amounts
 * {@code long} minor units of the asset (see {@link Instrument}). Identifiers of users, orders and
 * withdrawals are positive {@code long}s, of assets and instruments positive {@code int}s.
 */
public sealed interface Command
    permits Command.DefineAsset,
        Command.DefineInstrument,
        Command.SetInstrumentStatus,
        Command.SetInstrumentFees,
        Command.SetFeeSchedule,
        Command.AssignFeeTier,
        Command.AddUser,
        Command.Deposit,
        Command.RequestWithdrawal,
        Command.CompleteWithdrawal,
        Command.CancelWithdrawal,
        Command.Transfer,
        Command.PlaceOrder,
        Command.CancelOrder,
        Command.CancelAll,
        Command.AmendOrder {

  /** The idempotency key of this command; must be positive. */
  long commandId();

  /**
   * The command's stable binary form, the one the file journal stores: for journals and transports
   * outside this module (a database journal stores these bytes). The format only ever grows: bytes
   * written by an older version decode with a newer one.
   *
   * @throws IllegalArgumentException if the encoding would exceed 4,096 bytes
   */
  static byte[] encode(Command command) {
    ByteBuffer buffer = ByteBuffer.allocate(CommandCodec.MAX_ENCODED_BYTES + 1);
    CommandCodec.encode(command, buffer);
    byte[] bytes = new byte[buffer.position()];
    buffer.flip().get(bytes);
    return bytes;
  }

  /**
   * Writes the same binary form as {@link #encode(Command)} at the buffer's position and advances
   * it, for journals that encode a whole batch into one buffer rather than allocate per command.
   *
   * @throws IllegalArgumentException if the encoding would exceed 4,096 bytes or the buffer's
   *     remaining space; the position is then unchanged
   */
  static void encode(Command command, ByteBuffer out) {
    CommandCodec.encode(command, out);
  }

  /**
   * Decodes bytes made by {@link #encode}.
   *
   * @throws IllegalArgumentException if the bytes are not exactly one valid encoding
   */
  static Command decode(byte[] bytes) {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    Command command = CommandCodec.decode(buffer);
    if (buffer.hasRemaining()) {
      throw new IllegalArgumentException(
          "malformed command encoding: " + buffer.remaining() + " bytes after the command");
    }
    return command;
  }

  /**
   * Defines an asset.
   *
   * @param assetId 1..{@link ExchangeConfig#maxAssets()}
   * @param code e.g. "BTC": 1 to 12 upper-case letters or digits
   * @param scale decimals of the minor unit, 0..18 (BTC: 8, USDT: 6)
   */
  record DefineAsset(long commandId, int assetId, String code, int scale) implements Command {
    public DefineAsset {
      Objects.requireNonNull(code, "code");
    }
  }

  /** Defines an instrument; see {@link InstrumentSpec} for the rules it must satisfy. */
  record DefineInstrument(long commandId, InstrumentSpec spec) implements Command {
    public DefineInstrument {
      Objects.requireNonNull(spec, "spec");
    }
  }

  /** Halts or resumes an instrument. */
  record SetInstrumentStatus(long commandId, int instrumentId, InstrumentStatus status)
      implements Command {
    public SetInstrumentStatus {
      Objects.requireNonNull(status, "status");
    }
  }

  /**
   * Overrides the fee rates of one instrument for every tier, or clears the override.
   *
   * @param rates the override, or {@code null} to return to the schedule
   */
  record SetInstrumentFees(long commandId, int instrumentId, FeeRates rates) implements Command {}

  /** Replaces the fee schedule. Orders keep the rates they were accepted with. */
  record SetFeeSchedule(long commandId, FeeSchedule schedule) implements Command {
    public SetFeeSchedule {
      Objects.requireNonNull(schedule, "schedule");
    }
  }

  /**
   * Assigns a user a fixed fee tier (VIP), or returns them to volume-based tiers.
   *
   * @param tier index into the schedule's tiers, or -1 for volume-based
   */
  record AssignFeeTier(long commandId, long userId, int tier) implements Command {}

  /** Opens a user with empty accounts in every asset. */
  record AddUser(long commandId, long userId) implements Command {}

  /** Credits a user's AVAILABLE account from the asset's EXTERNAL account. */
  record Deposit(long commandId, long userId, int assetId, long amount) implements Command {}

  /** First phase of a withdrawal: moves the amount to HELD; the result names the withdrawal. */
  record RequestWithdrawal(long commandId, long userId, int assetId, long amount)
      implements Command {}

  /** Second phase: the held amount leaves to EXTERNAL. */
  record CompleteWithdrawal(long commandId, long withdrawalId) implements Command {}

  /** Second phase, aborted: the held amount returns to AVAILABLE. */
  record CancelWithdrawal(long commandId, long withdrawalId) implements Command {}

  /** Moves an amount from one user's AVAILABLE to another's. */
  record Transfer(long commandId, long fromUserId, long toUserId, int assetId, long amount)
      implements Command {}

  /**
   * Places an order. Use the factories ({@link #limit}, {@link #market}, …) and withers rather than
   * the canonical constructor.
   *
   * @param clientOrderId optional, unique among the user's open orders; 1 to 36 characters of
   *     {@code [A-Za-z0-9._:-]}
   * @param priceTicks the limit price; 0 for market types
   * @param quantityLots the base quantity; 0 for a market order by quote amount
   * @param quoteAmount for market types only: the quote to spend (BUY) or receive (SELL), excluding
   *     fees, in quote minor units; 0 otherwise
   * @param stopPriceTicks the trigger price of conditional types; 0 otherwise
   * @param selfTradePrevention the STP mode, or {@code null} for the instrument's default
   */
  record PlaceOrder(
      long commandId,
      long userId,
      int instrumentId,
      String clientOrderId,
      Side side,
      OrderType type,
      TimeInForce timeInForce,
      long priceTicks,
      long quantityLots,
      long quoteAmount,
      long stopPriceTicks,
      SelfTradePrevention selfTradePrevention)
      implements Command {
    public PlaceOrder {
      Objects.requireNonNull(side, "side");
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(timeInForce, "timeInForce");
    }

    /** A GTC limit order. */
    public static PlaceOrder limit(
        long commandId,
        long userId,
        int instrumentId,
        Side side,
        long priceTicks,
        long quantityLots) {
      return new PlaceOrder(
          commandId,
          userId,
          instrumentId,
          null,
          side,
          OrderType.LIMIT,
          TimeInForce.GTC,
          priceTicks,
          quantityLots,
          0,
          0,
          null);
    }

    /** A market order for a base quantity. */
    public static PlaceOrder market(
        long commandId, long userId, int instrumentId, Side side, long quantityLots) {
      return new PlaceOrder(
          commandId,
          userId,
          instrumentId,
          null,
          side,
          OrderType.MARKET,
          TimeInForce.IOC,
          0,
          quantityLots,
          0,
          0,
          null);
    }

    /** A market order for a quote amount (to spend when buying, to receive when selling). */
    public static PlaceOrder marketQuote(
        long commandId, long userId, int instrumentId, Side side, long quoteAmount) {
      return new PlaceOrder(
          commandId,
          userId,
          instrumentId,
          null,
          side,
          OrderType.MARKET,
          TimeInForce.IOC,
          0,
          0,
          quoteAmount,
          0,
          null);
    }

    /** The same order with another type (keeping prices and quantities). */
    public PlaceOrder withType(OrderType newType) {
      return new PlaceOrder(
          commandId,
          userId,
          instrumentId,
          clientOrderId,
          side,
          newType,
          timeInForce,
          priceTicks,
          quantityLots,
          quoteAmount,
          stopPriceTicks,
          selfTradePrevention);
    }

    /** The same order with another time in force. */
    public PlaceOrder withTimeInForce(TimeInForce tif) {
      return new PlaceOrder(
          commandId,
          userId,
          instrumentId,
          clientOrderId,
          side,
          type,
          tif,
          priceTicks,
          quantityLots,
          quoteAmount,
          stopPriceTicks,
          selfTradePrevention);
    }

    /** The same order with a client order id. */
    public PlaceOrder withClientOrderId(String id) {
      return new PlaceOrder(
          commandId,
          userId,
          instrumentId,
          id,
          side,
          type,
          timeInForce,
          priceTicks,
          quantityLots,
          quoteAmount,
          stopPriceTicks,
          selfTradePrevention);
    }

    /** The same order with a stop price (for conditional types). */
    public PlaceOrder withStopPrice(long ticks) {
      return new PlaceOrder(
          commandId,
          userId,
          instrumentId,
          clientOrderId,
          side,
          type,
          timeInForce,
          priceTicks,
          quantityLots,
          quoteAmount,
          ticks,
          selfTradePrevention);
    }

    /** The same order with a self-trade prevention mode. */
    public PlaceOrder withSelfTradePrevention(SelfTradePrevention mode) {
      return new PlaceOrder(
          commandId,
          userId,
          instrumentId,
          clientOrderId,
          side,
          type,
          timeInForce,
          priceTicks,
          quantityLots,
          quoteAmount,
          stopPriceTicks,
          mode);
    }
  }

  /**
   * Cancels one open order of the user, by order id or, when {@code orderId} is 0, by client order
   * id.
   */
  record CancelOrder(long commandId, long userId, long orderId, String clientOrderId)
      implements Command {}

  /**
   * Cancels every open order of the user, or only those of one instrument.
   *
   * @param instrumentId the instrument, or 0 for all
   */
  record CancelAll(long commandId, long userId, int instrumentId) implements Command {}

  /**
   * Amends a resting order, found by order id or (when {@code orderId} is 0) client order id.
   * Reducing the quantity keeps queue priority; a new price or a larger quantity loses it and the
   * order is re-entered as if new (it may trade).
   *
   * @param newPriceTicks the new limit price, or 0 to keep it
   * @param newQuantityLots the new total quantity (including what has filled), or 0 to keep it
   */
  record AmendOrder(
      long commandId,
      long userId,
      long orderId,
      String clientOrderId,
      long newPriceTicks,
      long newQuantityLots)
      implements Command {}
}
