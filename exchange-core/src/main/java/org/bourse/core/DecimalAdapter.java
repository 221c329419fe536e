package org.bourse.core;

import java.math.BigDecimal;
import java.util.function.LongSupplier;

/** The implementation of {@link DecimalExchange}: parse, convert exactly, apply. */
final class DecimalAdapter implements DecimalExchange {
  private final Exchange exchange;
  private final LongSupplier clockMs;

  DecimalAdapter(Exchange exchange, LongSupplier clockMs) {
    this.exchange = exchange;
    this.clockMs = clockMs;
  }

  /** A conversion failure, carried out of the helpers as a rejection. */
  private static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;
    final RejectReason reason;

    Refused(RejectReason reason, String message) {
      super(message, null, false, false);
      this.reason = reason;
    }
  }

  @Override
  public Exchange exchange() {
    return exchange;
  }

  private long nextId() {
    return exchange.lastSequence() + 1;
  }

  private CommandResult apply(Command command) {
    return exchange.apply(Math.max(clockMs.getAsLong(), exchange.lastTimestampMs()), command);
  }

  @Override
  public CommandResult defineAsset(int assetId, String code, int scale) {
    return apply(new Command.DefineAsset(nextId(), assetId, code, scale));
  }

  @Override
  public CommandResult defineInstrument(InstrumentSpec spec) {
    return apply(new Command.DefineInstrument(nextId(), spec));
  }

  @Override
  public CommandResult addUser(long userId) {
    return apply(new Command.AddUser(nextId(), userId));
  }

  @Override
  public CommandResult deposit(long userId, String assetCode, String amount) {
    return withAmount(
        assetCode, amount, (id, assetId, minor) -> new Command.Deposit(id, userId, assetId, minor));
  }

  @Override
  public CommandResult requestWithdrawal(long userId, String assetCode, String amount) {
    return withAmount(
        assetCode,
        amount,
        (id, assetId, minor) -> new Command.RequestWithdrawal(id, userId, assetId, minor));
  }

  @Override
  public CommandResult transfer(long fromUserId, long toUserId, String assetCode, String amount) {
    return withAmount(
        assetCode,
        amount,
        (id, assetId, minor) -> new Command.Transfer(id, fromUserId, toUserId, assetId, minor));
  }

  /** Builds a command from an asset and an amount of it. */
  @FunctionalInterface
  private interface AmountCommand {
    Command build(long commandId, int assetId, long minorUnits);
  }

  /** Parses the amount, then resolves the asset, then converts: the precedence of the stages. */
  private CommandResult withAmount(String assetCode, String amount, AmountCommand command) {
    try {
      BigDecimal value = parse("amount", amount, RejectReason.INVALID_AMOUNT);
      Asset asset = asset(assetCode);
      return apply(command.build(nextId(), asset.assetId(), minorUnits("amount", value, asset)));
    } catch (Refused refused) {
      return CommandResult.rejectedAtEdge(refused.reason, refused.getMessage());
    }
  }

  @Override
  public CommandResult placeLimit(
      long userId, String symbol, Side side, String price, String quantity) {
    return place(userId, symbol, DecimalOrder.limit(side, price, quantity));
  }

  @Override
  public CommandResult placeMarket(long userId, String symbol, Side side, String quantity) {
    return place(userId, symbol, DecimalOrder.market(side, quantity));
  }

  @Override
  public CommandResult place(long userId, String symbol, DecimalOrder order) {
    try {
      // Numbers first, then names, then steps: the precedence of RejectReason's stages.
      BigDecimal price = parseOptional("price", order.price(), RejectReason.INVALID_PRICE);
      BigDecimal quantity =
          parseOptional("quantity", order.quantity(), RejectReason.INVALID_QUANTITY);
      BigDecimal quote =
          parseOptional("quoteAmount", order.quoteAmount(), RejectReason.INVALID_AMOUNT);
      BigDecimal stop =
          parseOptional("stopPrice", order.stopPrice(), RejectReason.INVALID_STOP_PRICE);
      Instrument instrument = instrument(symbol);
      return apply(
          new Command.PlaceOrder(
              nextId(),
              userId,
              instrument.instrumentId(),
              order.clientOrderId(),
              order.side(),
              order.type(),
              order.timeInForce(),
              ticks("price", price, instrument),
              lots(quantity, instrument),
              quote == null ? 0 : minorUnits("quoteAmount", quote, quoteAsset(instrument)),
              ticks("stopPrice", stop, instrument),
              order.selfTradePrevention()));
    } catch (Refused refused) {
      return CommandResult.rejectedAtEdge(refused.reason, refused.getMessage());
    }
  }

  @Override
  public CommandResult cancel(long userId, long orderId) {
    return apply(new Command.CancelOrder(nextId(), userId, orderId, null));
  }

  @Override
  public CommandResult amend(long userId, long orderId, String newPrice, String newQuantity) {
    try {
      BigDecimal price = parseOptional("price", newPrice, RejectReason.INVALID_PRICE);
      BigDecimal quantity = parseOptional("quantity", newQuantity, RejectReason.INVALID_QUANTITY);
      OrderState order =
          exchange
              .order(orderId)
              .orElseThrow(() -> new Refused(RejectReason.UNKNOWN_ORDER, "orderId " + orderId));
      Instrument instrument =
          exchange
              .instrument(order.instrumentId())
              .orElseThrow(() -> new Refused(RejectReason.UNKNOWN_INSTRUMENT, "instrument"));
      return apply(
          new Command.AmendOrder(
              nextId(),
              userId,
              orderId,
              null,
              ticks("price", price, instrument),
              lots(quantity, instrument)));
    } catch (Refused refused) {
      return CommandResult.rejectedAtEdge(refused.reason, refused.getMessage());
    }
  }

  @Override
  public BigDecimal available(long userId, String assetCode) {
    return exchange
        .asset(assetCode)
        .map(a -> BigDecimal.valueOf(exchange.balance(userId, a.assetId()).available(), a.scale()))
        .orElse(BigDecimal.ZERO);
  }

  @Override
  public BigDecimal held(long userId, String assetCode) {
    return exchange
        .asset(assetCode)
        .map(a -> BigDecimal.valueOf(exchange.balance(userId, a.assetId()).held(), a.scale()))
        .orElse(BigDecimal.ZERO);
  }

  @Override
  public BigDecimal price(String symbol, long priceTicks) {
    Instrument instrument = knownInstrument(symbol);
    return instrument.spec().tickSize().multiply(BigDecimal.valueOf(priceTicks));
  }

  @Override
  public BigDecimal quantity(String symbol, long quantityLots) {
    Instrument instrument = knownInstrument(symbol);
    return instrument.spec().lotSize().multiply(BigDecimal.valueOf(quantityLots));
  }

  @Override
  public BigDecimal amount(String assetCode, long minorUnits) {
    Asset asset =
        exchange
            .asset(assetCode)
            .orElseThrow(() -> new IllegalArgumentException("unknown asset " + assetCode));
    return BigDecimal.valueOf(minorUnits, asset.scale());
  }

  private Instrument knownInstrument(String symbol) {
    return exchange
        .instrument(symbol)
        .orElseThrow(() -> new IllegalArgumentException("unknown instrument " + symbol));
  }

  private Asset asset(String code) throws Refused {
    return exchange
        .asset(code)
        .orElseThrow(() -> new Refused(RejectReason.UNKNOWN_ASSET, "unknown asset '" + code + "'"));
  }

  private Instrument instrument(String symbol) throws Refused {
    return exchange
        .instrument(symbol)
        .orElseThrow(
            () ->
                new Refused(
                    RejectReason.UNKNOWN_INSTRUMENT, "unknown instrument '" + symbol + "'"));
  }

  private Asset quoteAsset(Instrument instrument) throws Refused {
    return exchange
        .asset(instrument.spec().quoteAssetId())
        .orElseThrow(() -> new Refused(RejectReason.UNKNOWN_ASSET, "quote asset"));
  }

  private static BigDecimal parse(String field, String text, RejectReason invalid) throws Refused {
    if (text == null) {
      throw new Refused(invalid, field + " is required");
    }
    try {
      BigDecimal value = new BigDecimal(text.trim());
      if (!InstrumentRules.isReasonable(value)) {
        // Bounded before any arithmetic: 1E+2147483647 would take minutes to divide.
        throw new Refused(invalid, field + " " + text + " is out of range");
      }
      if (value.signum() <= 0) {
        throw new Refused(invalid, field + " must be positive, was " + text);
      }
      return value;
    } catch (NumberFormatException notANumber) {
      throw new Refused(invalid, field + " '" + text + "' is not a decimal number");
    }
  }

  private static BigDecimal parseOptional(String field, String text, RejectReason invalid)
      throws Refused {
    return text == null ? null : parse(field, text, invalid);
  }

  private static long ticks(String field, BigDecimal value, Instrument instrument) throws Refused {
    if (value == null) {
      return 0;
    }
    return steps(
        field,
        value,
        instrument.spec().tickSize(),
        "tickSize",
        instrument.symbol(),
        RejectReason.PRICE_NOT_ON_TICK,
        RejectReason.PRICE_ABOVE_MAX);
  }

  private static long lots(BigDecimal value, Instrument instrument) throws Refused {
    if (value == null) {
      return 0;
    }
    return steps(
        "quantity",
        value,
        instrument.spec().lotSize(),
        "lotSize",
        instrument.symbol(),
        RejectReason.QUANTITY_NOT_ON_LOT,
        RejectReason.QUANTITY_ABOVE_MAX);
  }

  private static long steps(
      String field,
      BigDecimal value,
      BigDecimal step,
      String stepName,
      String symbol,
      RejectReason offStep,
      RejectReason tooLarge)
      throws Refused {
    BigDecimal[] qr = value.divideAndRemainder(step);
    if (qr[1].signum() != 0) {
      throw new Refused(
          offStep,
          field
              + " "
              + value.toPlainString()
              + " is not a multiple of "
              + stepName
              + " "
              + step.toPlainString()
              + " of "
              + symbol);
    }
    try {
      return qr[0].longValueExact();
    } catch (ArithmeticException overflow) {
      throw new Refused(tooLarge, field + " " + value.toPlainString() + " is too large");
    }
  }

  private static long minorUnits(String field, BigDecimal value, Asset asset) throws Refused {
    BigDecimal minor = value.movePointRight(asset.scale()).stripTrailingZeros();
    if (minor.scale() > 0) {
      throw new Refused(
          RejectReason.AMOUNT_NOT_ON_SCALE,
          field
              + " "
              + value.toPlainString()
              + " has more decimals than "
              + asset.code()
              + "'s scale "
              + asset.scale());
    }
    try {
      return minor.longValueExact();
    } catch (ArithmeticException overflow) {
      throw new Refused(
          RejectReason.AMOUNT_OVERFLOW, field + " " + value.toPlainString() + " is too large");
    }
  }
}
