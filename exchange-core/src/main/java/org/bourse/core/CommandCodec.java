package org.bourse.core;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.BufferOverflowException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The versioned binary encoding of {@link Command}s, used by journals and snapshots.
 *
 * <p>Layout: one tag byte naming the command type, then its fields in declaration order: {@code
 * long}/{@code int} big-endian, enums as one byte (their ordinal; enum constants are therefore only
 * ever appended), strings as a signed 16-bit length ({@code -1} for null) and UTF-8 bytes, decimals
 * as scale and unscaled two's-complement bytes. Tags are stable; a new command type gets a new tag
 * and the format version is raised when any existing layout changes.
 */
final class CommandCodec {
  /** The format version this codec writes and reads. */
  static final int VERSION = 1;

  /** No encoded command is larger: commands are small, and this bounds every journal record. */
  static final int MAX_ENCODED_BYTES = 4_096;

  private static final byte DEFINE_ASSET = 1;
  private static final byte DEFINE_INSTRUMENT = 2;
  private static final byte SET_INSTRUMENT_STATUS = 3;
  private static final byte SET_INSTRUMENT_FEES = 4;
  private static final byte SET_FEE_SCHEDULE = 5;
  private static final byte ASSIGN_FEE_TIER = 6;
  private static final byte ADD_USER = 7;
  private static final byte DEPOSIT = 8;
  private static final byte REQUEST_WITHDRAWAL = 9;
  private static final byte COMPLETE_WITHDRAWAL = 10;
  private static final byte CANCEL_WITHDRAWAL = 11;
  private static final byte TRANSFER = 12;
  private static final byte PLACE_ORDER = 13;
  private static final byte CANCEL_ORDER = 14;
  private static final byte CANCEL_ALL = 15;
  private static final byte AMEND_ORDER = 16;

  private CommandCodec() {}

  /**
   * Encodes a command at the buffer's position.
   *
   * @throws IllegalArgumentException if it needs more than {@link #MAX_ENCODED_BYTES} or the
   *     buffer's remaining space
   */
  static void encode(Command command, ByteBuffer out) {
    int start = out.position();
    try {
      encodeBody(command, out);
    } catch (BufferOverflowException tooLarge) {
      out.position(start);
      throw new IllegalArgumentException("command too large to encode: " + command.getClass());
    }
    if (out.position() - start > MAX_ENCODED_BYTES) {
      out.position(start);
      throw new IllegalArgumentException(
          "command exceeds " + MAX_ENCODED_BYTES + " bytes: " + command.getClass().getSimpleName());
    }
  }

  private static void encodeBody(Command command, ByteBuffer out) {
    if (command instanceof Command.PlaceOrder) {
      Command.PlaceOrder c = (Command.PlaceOrder) command;
      out.put(PLACE_ORDER).putLong(c.commandId()).putLong(c.userId()).putInt(c.instrumentId());
      putString(out, c.clientOrderId());
      putEnum(out, c.side());
      putEnum(out, c.type());
      putEnum(out, c.timeInForce());
      out.putLong(c.priceTicks()).putLong(c.quantityLots()).putLong(c.quoteAmount());
      out.putLong(c.stopPriceTicks());
      putEnum(out, c.selfTradePrevention());
    } else if (command instanceof Command.CancelOrder) {
      Command.CancelOrder c = (Command.CancelOrder) command;
      out.put(CANCEL_ORDER).putLong(c.commandId()).putLong(c.userId()).putLong(c.orderId());
      putString(out, c.clientOrderId());
    } else if (command instanceof Command.AmendOrder) {
      Command.AmendOrder c = (Command.AmendOrder) command;
      out.put(AMEND_ORDER).putLong(c.commandId()).putLong(c.userId()).putLong(c.orderId());
      putString(out, c.clientOrderId());
      out.putLong(c.newPriceTicks()).putLong(c.newQuantityLots());
    } else if (command instanceof Command.CancelAll) {
      Command.CancelAll c = (Command.CancelAll) command;
      out.put(CANCEL_ALL).putLong(c.commandId()).putLong(c.userId()).putInt(c.instrumentId());
    } else if (command instanceof Command.Deposit) {
      Command.Deposit c = (Command.Deposit) command;
      out.put(DEPOSIT).putLong(c.commandId()).putLong(c.userId()).putInt(c.assetId());
      out.putLong(c.amount());
    } else if (command instanceof Command.RequestWithdrawal) {
      Command.RequestWithdrawal c = (Command.RequestWithdrawal) command;
      out.put(REQUEST_WITHDRAWAL).putLong(c.commandId()).putLong(c.userId()).putInt(c.assetId());
      out.putLong(c.amount());
    } else if (command instanceof Command.CompleteWithdrawal) {
      Command.CompleteWithdrawal c = (Command.CompleteWithdrawal) command;
      out.put(COMPLETE_WITHDRAWAL).putLong(c.commandId()).putLong(c.withdrawalId());
    } else if (command instanceof Command.CancelWithdrawal) {
      Command.CancelWithdrawal c = (Command.CancelWithdrawal) command;
      out.put(CANCEL_WITHDRAWAL).putLong(c.commandId()).putLong(c.withdrawalId());
    } else if (command instanceof Command.Transfer) {
      Command.Transfer c = (Command.Transfer) command;
      out.put(TRANSFER).putLong(c.commandId()).putLong(c.fromUserId()).putLong(c.toUserId());
      out.putInt(c.assetId()).putLong(c.amount());
    } else if (command instanceof Command.AddUser) {
      Command.AddUser c = (Command.AddUser) command;
      out.put(ADD_USER).putLong(c.commandId()).putLong(c.userId());
    } else if (command instanceof Command.DefineAsset) {
      Command.DefineAsset c = (Command.DefineAsset) command;
      out.put(DEFINE_ASSET).putLong(c.commandId()).putInt(c.assetId());
      putString(out, c.code());
      out.putInt(c.scale());
    } else if (command instanceof Command.DefineInstrument) {
      Command.DefineInstrument c = (Command.DefineInstrument) command;
      out.put(DEFINE_INSTRUMENT).putLong(c.commandId());
      putSpec(out, c.spec());
    } else if (command instanceof Command.SetInstrumentStatus) {
      Command.SetInstrumentStatus c = (Command.SetInstrumentStatus) command;
      out.put(SET_INSTRUMENT_STATUS).putLong(c.commandId()).putInt(c.instrumentId());
      putEnum(out, c.status());
    } else if (command instanceof Command.SetInstrumentFees) {
      Command.SetInstrumentFees c = (Command.SetInstrumentFees) command;
      out.put(SET_INSTRUMENT_FEES).putLong(c.commandId()).putInt(c.instrumentId());
      putRates(out, c.rates());
    } else if (command instanceof Command.SetFeeSchedule) {
      Command.SetFeeSchedule c = (Command.SetFeeSchedule) command;
      out.put(SET_FEE_SCHEDULE).putLong(c.commandId());
      putSchedule(out, c.schedule());
    } else if (command instanceof Command.AssignFeeTier) {
      Command.AssignFeeTier c = (Command.AssignFeeTier) command;
      out.put(ASSIGN_FEE_TIER).putLong(c.commandId()).putLong(c.userId()).putInt(c.tier());
    } else {
      throw new ExchangeException("no encoding for " + command.getClass().getName());
    }
  }

  /**
   * Decodes one command at the buffer's position.
   *
   * @throws IllegalArgumentException if the bytes are not a valid encoding
   */
  static Command decode(ByteBuffer in) {
    try {
      return decodeBody(in);
    } catch (BufferUnderflowException | IndexOutOfBoundsException | NullPointerException bad) {
      throw new IllegalArgumentException("malformed command encoding", bad);
    }
  }

  private static Command decodeBody(ByteBuffer in) {
    byte tag = in.get();
    switch (tag) {
      case PLACE_ORDER:
        return new Command.PlaceOrder(
            in.getLong(),
            in.getLong(),
            in.getInt(),
            getString(in),
            getEnum(in, Side.values()),
            getEnum(in, OrderType.values()),
            getEnum(in, TimeInForce.values()),
            in.getLong(),
            in.getLong(),
            in.getLong(),
            in.getLong(),
            getEnum(in, SelfTradePrevention.values()));
      case CANCEL_ORDER:
        return new Command.CancelOrder(in.getLong(), in.getLong(), in.getLong(), getString(in));
      case AMEND_ORDER:
        return new Command.AmendOrder(
            in.getLong(), in.getLong(), in.getLong(), getString(in), in.getLong(), in.getLong());
      case CANCEL_ALL:
        return new Command.CancelAll(in.getLong(), in.getLong(), in.getInt());
      case DEPOSIT:
        return new Command.Deposit(in.getLong(), in.getLong(), in.getInt(), in.getLong());
      case REQUEST_WITHDRAWAL:
        return new Command.RequestWithdrawal(in.getLong(), in.getLong(), in.getInt(), in.getLong());
      case COMPLETE_WITHDRAWAL:
        return new Command.CompleteWithdrawal(in.getLong(), in.getLong());
      case CANCEL_WITHDRAWAL:
        return new Command.CancelWithdrawal(in.getLong(), in.getLong());
      case TRANSFER:
        return new Command.Transfer(
            in.getLong(), in.getLong(), in.getLong(), in.getInt(), in.getLong());
      case ADD_USER:
        return new Command.AddUser(in.getLong(), in.getLong());
      case DEFINE_ASSET:
        return new Command.DefineAsset(in.getLong(), in.getInt(), getString(in), in.getInt());
      case DEFINE_INSTRUMENT:
        return new Command.DefineInstrument(in.getLong(), getSpec(in));
      case SET_INSTRUMENT_STATUS:
        return new Command.SetInstrumentStatus(
            in.getLong(), in.getInt(), getEnum(in, InstrumentStatus.values()));
      case SET_INSTRUMENT_FEES:
        return new Command.SetInstrumentFees(in.getLong(), in.getInt(), getRates(in));
      case SET_FEE_SCHEDULE:
        return new Command.SetFeeSchedule(in.getLong(), getSchedule(in));
      case ASSIGN_FEE_TIER:
        return new Command.AssignFeeTier(in.getLong(), in.getLong(), in.getInt());
      default:
        throw new IllegalArgumentException("unknown command tag " + tag);
    }
  }

  static void putSpec(ByteBuffer out, InstrumentSpec s) {
    out.putInt(s.instrumentId());
    putString(out, s.symbol());
    out.putInt(s.baseAssetId()).putInt(s.quoteAssetId());
    putDecimal(out, s.tickSize());
    putDecimal(out, s.lotSize());
    putDecimal(out, s.minQuantity());
    putDecimal(out, s.maxQuantity());
    putDecimal(out, s.maxPrice());
    putDecimal(out, s.minNotional());
    putEnum(out, s.defaultSelfTradePrevention());
    putEnum(out, s.status());
  }

  static InstrumentSpec getSpec(ByteBuffer in) {
    return new InstrumentSpec(
        in.getInt(),
        getString(in),
        in.getInt(),
        in.getInt(),
        getDecimal(in),
        getDecimal(in),
        getDecimal(in),
        getDecimal(in),
        getDecimal(in),
        getDecimal(in),
        getEnum(in, SelfTradePrevention.values()),
        getEnum(in, InstrumentStatus.values()));
  }

  static void putRates(ByteBuffer out, FeeRates rates) {
    out.put((byte) (rates == null ? 0 : 1));
    if (rates != null) {
      out.putLong(rates.makerPpm()).putLong(rates.takerPpm());
    }
  }

  static FeeRates getRates(ByteBuffer in) {
    return in.get() == 0 ? null : new FeeRates(in.getLong(), in.getLong());
  }

  static void putSchedule(ByteBuffer out, FeeSchedule schedule) {
    out.putInt(schedule.volumeAssetId()).putInt(schedule.tiers().size());
    for (FeeTier tier : schedule.tiers()) {
      out.putLong(tier.minVolume30d());
      putRates(out, tier.rates());
    }
  }

  static FeeSchedule getSchedule(ByteBuffer in) {
    int volumeAssetId = in.getInt();
    int count = in.getInt();
    if (count < 0 || count > 1_000) {
      throw new IllegalArgumentException("fee schedule with " + count + " tiers");
    }
    List<FeeTier> tiers = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      tiers.add(new FeeTier(in.getLong(), getRates(in)));
    }
    return new FeeSchedule(volumeAssetId, tiers);
  }

  static void putString(ByteBuffer out, String s) {
    if (s == null) {
      out.putShort((short) -1);
      return;
    }
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > Short.MAX_VALUE) {
      throw new BufferOverflowException();
    }
    out.putShort((short) bytes.length).put(bytes);
  }

  static String getString(ByteBuffer in) {
    short length = in.getShort();
    if (length < 0) {
      return null;
    }
    byte[] bytes = new byte[length];
    in.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  static void putEnum(ByteBuffer out, Enum<?> e) {
    out.put((byte) (e == null ? -1 : e.ordinal()));
  }

  static <E extends Enum<E>> E getEnum(ByteBuffer in, E[] values) {
    int ordinal = in.get();
    if (ordinal == -1) {
      return null;
    }
    if (ordinal < 0 || ordinal >= values.length) {
      throw new IllegalArgumentException("enum ordinal " + ordinal + " out of range");
    }
    return values[ordinal];
  }

  static void putDecimal(ByteBuffer out, BigDecimal d) {
    byte[] unscaled = d.unscaledValue().toByteArray();
    if (unscaled.length > 64) {
      throw new BufferOverflowException();
    }
    out.putInt(d.scale()).put((byte) unscaled.length).put(unscaled);
  }

  static BigDecimal getDecimal(ByteBuffer in) {
    int scale = in.getInt();
    int length = in.get();
    if (length <= 0 || length > 64) {
      throw new IllegalArgumentException("decimal of " + length + " bytes");
    }
    byte[] unscaled = new byte[length];
    in.get(unscaled);
    return new BigDecimal(new BigInteger(unscaled), scale);
  }
}
