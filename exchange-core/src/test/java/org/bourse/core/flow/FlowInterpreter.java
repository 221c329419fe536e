package org.bourse.core.flow;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.bourse.core.Asset;
import org.bourse.core.Command;
import org.bourse.core.CommandResult;
import org.bourse.core.DecimalExchange;
import org.bourse.core.DecimalOrder;
import org.bourse.core.Exchange;
import org.bourse.core.ExchangeConfig;
import org.bourse.core.FeeRates;
import org.bourse.core.FeeSchedule;
import org.bourse.core.FeeTier;
import org.bourse.core.Instrument;
import org.bourse.core.InstrumentSpec;
import org.bourse.core.InstrumentStatus;
import org.bourse.core.OrderType;
import org.bourse.core.SelfTradePrevention;
import org.bourse.core.Side;
import org.bourse.core.TimeInForce;

/**
 * Executes the command lines of a flow file against one {@link Exchange}, through {@link
 * DecimalExchange} where it offers the command and directly otherwise. See {@link FlowRunner} for
 * the syntax.
 */
final class FlowInterpreter {
  /** Where the clock starts unless the flow sets it. */
  static final long DEFAULT_START_MS = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

  private final Exchange exchange;
  private final DecimalExchange venue;
  private final SortedSet<Long> users = new TreeSet<>();
  private long clockMs = DEFAULT_START_MS;
  private int volumeAssetId;

  FlowInterpreter(ExchangeConfig config) {
    this.exchange = Exchange.create(config);
    this.venue = DecimalExchange.over(exchange, () -> clockMs);
  }

  Exchange exchange() {
    return exchange;
  }

  long clockMs() {
    return clockMs;
  }

  /** The users the flow has opened, in id order. */
  SortedSet<Long> users() {
    return users;
  }

  /** The volume asset of the last accepted fee schedule, or 0. */
  int volumeAssetId() {
    return volumeAssetId;
  }

  /** Applies a config header ({@code config key=value ...}) to the defaults. */
  static ExchangeConfig config(List<String> tokens) {
    ExchangeConfig d = ExchangeConfig.defaults();
    Map<String, Integer> values = new HashMap<>();
    for (String token : tokens) {
      String[] kv = token.split("=", 2);
      if (kv.length != 2) {
        throw new FlowSyntaxException("expected key=value, got '" + token + "'");
      }
      values.put(kv[0], parseInt(kv[1]));
    }
    ExchangeConfig config =
        new ExchangeConfig(
            take(values, "maxAssets", d.maxAssets()),
            take(values, "maxInstruments", d.maxInstruments()),
            take(values, "maxUsers", d.maxUsers()),
            take(values, "maxOpenOrdersPerUser", d.maxOpenOrdersPerUser()),
            take(values, "maxOrdersPerBook", d.maxOrdersPerBook()),
            take(values, "maxStopOrdersPerInstrument", d.maxStopOrdersPerInstrument()),
            take(values, "maxPendingWithdrawals", d.maxPendingWithdrawals()),
            take(values, "idempotencyWindow", d.idempotencyWindow()),
            d.feeModel(),
            d.eventDetail());
    if (!values.isEmpty()) {
      throw new FlowSyntaxException("unknown config keys " + new TreeSet<>(values.keySet()));
    }
    return config;
  }

  private static int take(Map<String, Integer> values, String key, int fallback) {
    Integer value = values.remove(key);
    return value == null ? fallback : value;
  }

  /** {@code @2026-01-01T00:00:00Z} sets the clock; {@code @+1d} (d, h, m, s, ms) advances it. */
  void setClock(String spec) {
    if (spec.startsWith("+")) {
      String unit = spec.replaceFirst("^\\+[0-9]+", "");
      long n = parseLong(spec.substring(1, spec.length() - unit.length()));
      long unitMs;
      switch (unit) {
        case "d":
          unitMs = 86_400_000L;
          break;
        case "h":
          unitMs = 3_600_000L;
          break;
        case "m":
          unitMs = 60_000L;
          break;
        case "s":
          unitMs = 1_000L;
          break;
        case "ms":
          unitMs = 1L;
          break;
        default:
          throw new FlowSyntaxException("unknown time unit '" + unit + "' (d, h, m, s, ms)");
      }
      clockMs = Math.addExact(clockMs, Math.multiplyExact(n, unitMs));
      return;
    }
    try {
      clockMs = Instant.parse(spec).toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new FlowSyntaxException("bad timestamp '" + spec + "'");
    }
  }

  /**
   * Executes one command line: through the decimal layer where it offers the command, else (and
   * always for {@code raw} lines) directly.
   */
  Executed execute(String line) {
    Args args = new Args(line.trim().split("\\s+"));
    boolean raw = args.peek().equals("raw");
    if (raw) {
      args.next();
    }
    long nextId = exchange.lastSequence() + 1;
    long commandId = nextId;
    if (args.peek().startsWith("id=")) {
      if (!raw) {
        throw new FlowSyntaxException("id= is only allowed on raw commands");
      }
      commandId = parseLong(args.next().substring(3));
    }
    String verb = args.next();
    CommandResult result = raw ? null : viaDecimalLayer(verb, args);
    if (result != null) {
      args.requireEnd();
      return new Executed(result, nextId);
    }
    Command command = command(verb, args, raw, commandId);
    args.requireEnd();
    return new Executed(apply(command), command.commandId());
  }

  /** A command's result and the id it was sent with. */
  record Executed(CommandResult result, long sentCommandId) {}

  /** Applies a command directly, at the flow's clock, and notes the users and fee schedule. */
  private CommandResult apply(Command command) {
    CommandResult result = exchange.apply(Math.max(clockMs, exchange.lastTimestampMs()), command);
    if (result.accepted() && !result.duplicate()) {
      if (command instanceof Command.AddUser) {
        users.add(((Command.AddUser) command).userId());
      } else if (command instanceof Command.SetFeeSchedule) {
        volumeAssetId = ((Command.SetFeeSchedule) command).schedule().volumeAssetId();
      }
    }
    return result;
  }

  /**
   * A command in decimals through {@link DecimalExchange}, or {@code null} (nothing consumed) when
   * it offers no such command.
   */
  private CommandResult viaDecimalLayer(String verb, Args args) {
    switch (verb) {
      case "asset":
        return venue.defineAsset(parseInt(args.next()), args.next(), parseInt(args.next()));
      case "instrument":
        return venue.defineInstrument(instrumentSpec(args));
      case "user":
        long userId = user(args.next());
        CommandResult added = venue.addUser(userId);
        if (added.accepted()) {
          users.add(userId);
        }
        return added;
      case "deposit":
        return venue.deposit(user(args.next()), args.next(), args.next());
      case "withdraw":
        return venue.requestWithdrawal(user(args.next()), args.next(), args.next());
      case "transfer":
        return venue.transfer(user(args.next()), user(args.next()), args.next(), args.next());
      case "buy":
      case "sell":
        Side side = verb.equals("buy") ? Side.BUY : Side.SELL;
        return venue.place(user(args.next()), args.next(), decimalOrder(side, args));
      case "cancel":
        if (args.peekAfterNext().startsWith("coid=")) {
          return null;
        }
        return venue.cancel(user(args.next()), orderId(args.next()));
      case "amend":
        long owner = user(args.next());
        long orderId = orderId(args.next());
        Map<String, String> options = args.options("price", "qty");
        return venue.amend(owner, orderId, options.get("price"), options.get("qty"));
      default:
        return null;
    }
  }

  /** A command in engine units (ticks, lots, minor units) except where noted. */
  private Command command(String verb, Args args, boolean raw, long id) {
    switch (verb) {
      case "asset":
        return new Command.DefineAsset(
            id, parseInt(args.next()), args.next(), parseInt(args.next()));
      case "instrument":
        return new Command.DefineInstrument(id, instrumentSpec(args));
      case "user":
        return new Command.AddUser(id, user(args.next()));
      case "deposit":
        return new Command.Deposit(
            id, user(args.next()), assetId(args.next()), parseLong(args.next()));
      case "withdraw":
        return new Command.RequestWithdrawal(
            id, user(args.next()), assetId(args.next()), parseLong(args.next()));
      case "withdraw-complete":
        return new Command.CompleteWithdrawal(id, withdrawal(args.next()));
      case "withdraw-cancel":
        return new Command.CancelWithdrawal(id, withdrawal(args.next()));
      case "transfer":
        return new Command.Transfer(
            id, user(args.next()), user(args.next()), assetId(args.next()), parseLong(args.next()));
      case "buy":
      case "sell":
        return rawOrder(id, verb.equals("buy") ? Side.BUY : Side.SELL, args);
      case "cancel":
        {
          long userId = user(args.next());
          String target = args.next();
          return target.startsWith("coid=")
              ? new Command.CancelOrder(id, userId, 0, target.substring(5))
              : new Command.CancelOrder(id, userId, orderId(target), null);
        }
      case "cancel-all":
        return new Command.CancelAll(
            id, user(args.next()), args.hasNext() ? instrumentId(args.next()) : 0);
      case "amend":
        return rawAmend(id, args);
      case "halt":
      case "resume":
        return new Command.SetInstrumentStatus(
            id,
            instrumentId(args.next()),
            verb.equals("halt") ? InstrumentStatus.HALTED : InstrumentStatus.TRADING);
      case "fees":
        return new Command.SetFeeSchedule(id, feeSchedule(args, raw));
      case "instrument-fees":
        {
          int instrumentId = instrumentId(args.next());
          String rates = args.next();
          return new Command.SetInstrumentFees(
              id, instrumentId, rates.equals("none") ? null : rates(rates));
        }
      case "tier":
        {
          long userId = user(args.next());
          String tier = args.next();
          return new Command.AssignFeeTier(id, userId, tier.equals("volume") ? -1 : parseInt(tier));
        }
      default:
        throw new FlowSyntaxException("unknown command '" + verb + "'");
    }
  }

  /** {@code u1 #3|coid=.. [price=TICKS] [qty=LOTS]} */
  private static Command.AmendOrder rawAmend(long id, Args args) {
    long userId = user(args.next());
    String target = args.next();
    Map<String, String> options = args.options("price", "qty");
    boolean byCoid = target.startsWith("coid=");
    return new Command.AmendOrder(
        id,
        userId,
        byCoid ? 0 : orderId(target),
        byCoid ? target.substring(5) : null,
        parseLong(options.getOrDefault("price", "0")),
        parseLong(options.getOrDefault("qty", "0")));
  }

  // -------------------------------------------------------------------------------------------
  // Orders

  /** {@code u1 SYMBOL [TYPE] [quantity] [@ price] [quote=..] [stop=..] [tif=..] ...} */
  private DecimalOrder decimalOrder(Side side, Args args) {
    OrderShape shape = orderShape(args);
    return new DecimalOrder(
        side,
        shape.type,
        shape.timeInForce,
        shape.price,
        shape.quantity,
        shape.options.get("quote"),
        shape.options.get("stop"),
        shape.options.get("coid"),
        shape.selfTradePrevention);
  }

  private Command.PlaceOrder rawOrder(long commandId, Side side, Args args) {
    long userId = user(args.next());
    int instrumentId = instrumentId(args.next());
    OrderShape shape = orderShape(args);
    return new Command.PlaceOrder(
        commandId,
        userId,
        instrumentId,
        shape.options.get("coid"),
        side,
        shape.type,
        shape.timeInForce,
        shape.price == null ? 0 : parseLong(shape.price),
        shape.quantity == null ? 0 : parseLong(shape.quantity),
        parseLong(shape.options.getOrDefault("quote", "0")),
        parseLong(shape.options.getOrDefault("stop", "0")),
        shape.selfTradePrevention);
  }

  private static final class OrderShape {
    OrderType type;
    TimeInForce timeInForce;
    String quantity;
    String price;
    SelfTradePrevention selfTradePrevention;
    Map<String, String> options;
  }

  private static OrderShape orderShape(Args args) {
    OrderShape shape = new OrderShape();
    List<String> positional = new ArrayList<>();
    while (args.hasNext() && !args.peek().contains("=")) {
      positional.add(args.next());
    }
    if (!positional.isEmpty() && isOrderType(positional.get(0))) {
      shape.type = OrderType.valueOf(positional.remove(0));
    }
    int at = positional.indexOf("@");
    if (at >= 0) {
      if (at != positional.size() - 2) {
        throw new FlowSyntaxException("expected '@ price' at the end of the order");
      }
      shape.price = positional.get(at + 1);
      positional = positional.subList(0, at);
    }
    if (positional.size() > 1) {
      throw new FlowSyntaxException("unexpected " + positional.subList(1, positional.size()));
    }
    shape.quantity = positional.isEmpty() ? null : positional.get(0);
    if (shape.type == null) {
      shape.type = shape.price != null ? OrderType.LIMIT : OrderType.MARKET;
    }
    shape.options = args.options("quote", "stop", "tif", "coid", "stp");
    String tif = shape.options.get("tif");
    shape.timeInForce =
        tif != null
            ? TimeInForce.valueOf(tif)
            : shape.type.hasLimitPrice() ? TimeInForce.GTC : TimeInForce.IOC;
    String stp = shape.options.get("stp");
    shape.selfTradePrevention = stp == null ? null : SelfTradePrevention.valueOf(stp);
    return shape;
  }

  private static boolean isOrderType(String token) {
    for (OrderType type : OrderType.values()) {
      if (type.name().equals(token)) {
        return true;
      }
    }
    return false;
  }

  // -------------------------------------------------------------------------------------------
  // Reference data

  /**
   * {@code ID SYMBOL BASE/QUOTE tick=.. lot=.. min=.. max=.. maxPrice=.. [minNotional=..]
   * [stp=MODE] [status=HALTED]}
   */
  private InstrumentSpec instrumentSpec(Args args) {
    int id = parseInt(args.next());
    String symbol = args.next();
    String[] pair = args.next().split("/", 2);
    if (pair.length != 2) {
      throw new FlowSyntaxException("expected BASE/QUOTE");
    }
    Map<String, String> o =
        args.options("tick", "lot", "min", "max", "maxPrice", "minNotional", "stp", "status");
    for (String required : new String[] {"tick", "lot", "min", "max", "maxPrice"}) {
      if (!o.containsKey(required)) {
        throw new FlowSyntaxException("instrument needs " + required + "=");
      }
    }
    return new InstrumentSpec(
        id,
        symbol,
        assetId(pair[0]),
        assetId(pair[1]),
        decimal(o.get("tick")),
        decimal(o.get("lot")),
        decimal(o.get("min")),
        decimal(o.get("max")),
        decimal(o.get("maxPrice")),
        decimal(o.getOrDefault("minNotional", "0")),
        SelfTradePrevention.valueOf(o.getOrDefault("stp", "EXPIRE_TAKER")),
        InstrumentStatus.valueOf(o.getOrDefault("status", "TRADING")));
  }

  /**
   * {@code ASSET MIN=MAKER/TAKER ...}: thresholds in the volume asset's units (minor units when
   * raw), rates in ppm.
   */
  private FeeSchedule feeSchedule(Args args, boolean raw) {
    String assetToken = args.next();
    int assetId = assetId(assetToken);
    Optional<Asset> asset = exchange.asset(assetId);
    List<FeeTier> tiers = new ArrayList<>();
    while (args.hasNext()) {
      String[] tier = args.next().split("=", 2);
      if (tier.length != 2) {
        throw new FlowSyntaxException("expected MINVOLUME=MAKER/TAKER");
      }
      long minVolume =
          raw || asset.isEmpty()
              ? parseLong(tier[0])
              : exact(decimal(tier[0]).movePointRight(asset.get().scale()));
      tiers.add(new FeeTier(minVolume, rates(tier[1])));
    }
    return new FeeSchedule(assetId, tiers);
  }

  private static FeeRates rates(String text) {
    String[] mt = text.split("/", 2);
    if (mt.length != 2) {
      throw new FlowSyntaxException("expected MAKER/TAKER ppm, got '" + text + "'");
    }
    return new FeeRates(parseLong(mt[0]), parseLong(mt[1]));
  }

  // -------------------------------------------------------------------------------------------
  // Tokens

  private static long user(String token) {
    if (!token.matches("u-?[0-9]+")) {
      throw new FlowSyntaxException("expected a user like u1, got '" + token + "'");
    }
    return parseLong(token.substring(1));
  }

  private static long orderId(String token) {
    if (!token.matches("#-?[0-9]+")) {
      throw new FlowSyntaxException("expected an order like #3, got '" + token + "'");
    }
    return parseLong(token.substring(1));
  }

  private static long withdrawal(String token) {
    if (!token.matches("w-?[0-9]+")) {
      throw new FlowSyntaxException("expected a withdrawal like w1, got '" + token + "'");
    }
    return parseLong(token.substring(1));
  }

  /** An asset code, or a number for an asset id (which may be undefined). */
  private int assetId(String token) {
    if (token.matches("-?[0-9]+")) {
      return parseInt(token);
    }
    return exchange
        .asset(token)
        .map(Asset::assetId)
        .orElseThrow(() -> new FlowSyntaxException("unknown asset '" + token + "'; use its id"));
  }

  /** A symbol, or a number for an instrument id (which may be undefined). */
  private int instrumentId(String token) {
    if (token.matches("-?[0-9]+")) {
      return parseInt(token);
    }
    return exchange
        .instrument(token)
        .map(Instrument::instrumentId)
        .orElseThrow(() -> new FlowSyntaxException("unknown symbol '" + token + "'; use its id"));
  }

  private static BigDecimal decimal(String text) {
    try {
      return new BigDecimal(text);
    } catch (NumberFormatException e) {
      throw new FlowSyntaxException("not a decimal: '" + text + "'");
    }
  }

  private static long exact(BigDecimal value) {
    try {
      return value.longValueExact();
    } catch (ArithmeticException e) {
      throw new FlowSyntaxException("not a whole number of minor units: " + value);
    }
  }

  private static long parseLong(String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new FlowSyntaxException("not an integer: '" + text + "'");
    }
  }

  private static int parseInt(String text) {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new FlowSyntaxException("not an integer: '" + text + "'");
    }
  }

  /** The tokens of a command line, consumed left to right. */
  private static final class Args {
    private final String[] tokens;
    private int next;

    Args(String[] tokens) {
      this.tokens = tokens;
    }

    boolean hasNext() {
      return next < tokens.length;
    }

    String peek() {
      return hasNext() ? tokens[next] : "";
    }

    String peekAfterNext() {
      return next + 1 < tokens.length ? tokens[next + 1] : "";
    }

    String next() {
      if (!hasNext()) {
        throw new FlowSyntaxException("the command is missing arguments");
      }
      return tokens[next++];
    }

    /** The remaining {@code key=value} tokens; keys must be among {@code allowed}. */
    Map<String, String> options(String... allowed) {
      Map<String, String> options = new HashMap<>();
      while (hasNext() && peek().contains("=")) {
        String[] kv = next().split("=", 2);
        if (!List.of(allowed).contains(kv[0])) {
          throw new FlowSyntaxException(
              "unknown option '" + kv[0] + "' (allowed: " + String.join(", ", allowed) + ")");
        }
        if (options.put(kv[0], kv[1]) != null) {
          throw new FlowSyntaxException("option '" + kv[0] + "' given twice");
        }
      }
      return options;
    }

    void requireEnd() {
      if (hasNext()) {
        throw new FlowSyntaxException(
            "unexpected '" + String.join(" ", List.of(tokens).subList(next, tokens.length)) + "'");
      }
    }
  }
}
