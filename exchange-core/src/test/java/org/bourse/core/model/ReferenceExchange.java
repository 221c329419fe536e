package org.bourse.core.model;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.bourse.core.Command;
import org.bourse.core.Depth;
import org.bourse.core.ExchangeConfig;
import org.bourse.core.ExchangeEvent;
import org.bourse.core.FeeRates;
import org.bourse.core.FeeSchedule;
import org.bourse.core.InstrumentSpec;
import org.bourse.core.InstrumentStatus;
import org.bourse.core.OrderState;
import org.bourse.core.OrderStatus;
import org.bourse.core.OrderType;
import org.bourse.core.RejectReason;
import org.bourse.core.SelfTradePrevention;
import org.bourse.core.Side;
import org.bourse.core.TimeInForce;

/**
 * A deliberately simple reference model of the exchange, written from DESIGN.md and the public
 * Javadoc rather than from the engine. It trades the obviously-correct way: each book side is a
 * plain list of orders sorted best price first and then by arrival, balances are hash maps, fee
 * arithmetic is done in {@link BigInteger}, and every rule is checked in the order the stages of
 * {@link RejectReason} prescribe (the lowest-numbered stage wins). It is slow on purpose; what
 * matters is that each line can be checked against the documentation by reading it.
 *
 * <p>Where the documentation leaves a choice open, the choice is named in a comment (for example
 * which 1xx reason wins when two apply within one stage, or that a market order by quote amount is
 * FILLED once less than one lot's worth of its amount remains at the price where it stopped).
 *
 * <p>It reports, for each command, what {@link ModelBasedTest} compares with the engine: the result
 * fields, the trades and stop triggers in order, and the final state of every order the command
 * changed. Its books and balances are compared in full from time to time.
 */
final class ReferenceExchange {
  private static final BigInteger MILLION = BigInteger.valueOf(1_000_000L);
  private static final long DAY_MS = 86_400_000L;
  private static final int VOLUME_DAYS = 30;
  private static final int MAX_SCALE = 18;
  // The instrument notional bound of InstrumentSpec: room for a 100% fee and rounding on top.
  private static final long MAX_NOTIONAL = Long.MAX_VALUE / 2 - 1;
  private static final Pattern ASSET_CODE = Pattern.compile("[A-Z0-9]{1,12}");
  private static final Pattern SYMBOL = Pattern.compile("[A-Z0-9_-]{1,20}");
  private static final Pattern CLIENT_ORDER_ID = Pattern.compile("[A-Za-z0-9._:-]{1,36}");

  /** What one command did, in the terms the test compares. */
  record Outcome(
      long sequence,
      long commandId,
      RejectReason reject,
      long orderId,
      OrderStatus status,
      long withdrawalId,
      boolean duplicate,
      List<ExchangeEvent.Trade> trades,
      List<ExchangeEvent.StopTriggered> triggers,
      Map<Long, OrderState> changedOrders,
      Set<String> changedBalances) {}

  /** A defined asset. */
  record AssetDef(int assetId, String code, int scale) {}

  /** A pending withdrawal. */
  record PendingWithdrawal(long withdrawalId, long userId, int assetId, long amount) {}

  private record Remembered(
      long sequence, RejectReason reject, long orderId, OrderStatus status, long withdrawalId) {}

  /** One order while it is open (and as it was when it ended). */
  static final class Order {
    final long orderId;
    final String clientOrderId;
    final User user;
    final Market market;
    final Side side;
    final OrderType type;
    final TimeInForce timeInForce;
    final SelfTradePrevention stp;
    final long stopPriceTicks;
    final long quoteAmount;
    final long makerPpm;
    final long takerPpm;
    OrderStatus status = OrderStatus.NEW;
    long priceTicks;
    long quantityLots;
    long filledLots;
    long cumulativeQuote;
    long feesPaid;
    long makerNotional;
    long takerNotional;
    long hold;
    long priority;
    boolean resting;
    boolean triggered;
    long triggerPriceTicks;
    boolean expiredInMatch;

    Order(
        long orderId,
        Command.PlaceOrder c,
        User user,
        Market market,
        SelfTradePrevention stp,
        FeeRates rates) {
      this.orderId = orderId;
      this.clientOrderId = c.clientOrderId();
      this.user = user;
      this.market = market;
      this.side = c.side();
      this.type = c.type();
      this.timeInForce = c.timeInForce();
      this.stp = stp;
      this.stopPriceTicks = c.stopPriceTicks();
      this.quoteAmount = c.quoteAmount();
      this.makerPpm = rates.makerPpm();
      this.takerPpm = rates.takerPpm();
      this.priceTicks = c.priceTicks();
      this.quantityLots = c.quantityLots();
    }

    boolean buy() {
      return side == Side.BUY;
    }

    boolean byQuote() {
      return quantityLots == 0;
    }

    long remainingLots() {
      return quantityLots - filledLots;
    }

    long quoteLeft() {
      return quoteAmount - cumulativeQuote;
    }

    /** MARKET orders and triggered plain stops take liquidity at any price. */
    boolean marketLike() {
      return !type.hasLimitPrice();
    }

    int heldAsset() {
      return buy() ? market.quoteAssetId : market.baseAssetId;
    }

    OrderState state() {
      return new OrderState(
          orderId,
          clientOrderId,
          user.userId,
          market.instrumentId,
          side,
          type,
          timeInForce,
          stp,
          status,
          priceTicks,
          stopPriceTicks,
          quantityLots,
          quoteAmount,
          filledLots,
          cumulativeQuote,
          feesPaid);
    }
  }

  /** One user: balances per asset, open orders by id (= acceptance order), fee data. */
  static final class User {
    final long userId;
    final Map<Integer, Long> available = new HashMap<>();
    final Map<Integer, Long> held = new HashMap<>();
    final TreeMap<Long, Order> open = new TreeMap<>();
    final Map<String, Order> openByClientOrderId = new HashMap<>();
    final TreeMap<Long, Long> volumeByDay = new TreeMap<>();
    int assignedTier = -1;

    User(long userId) {
      this.userId = userId;
    }

    long available(int assetId) {
      return available.getOrDefault(assetId, 0L);
    }

    long held(int assetId) {
      return held.getOrDefault(assetId, 0L);
    }
  }

  /** One instrument: its integer factors, status, and the two sides as sorted lists. */
  static final class Market {
    final InstrumentSpec spec;
    final int instrumentId;
    final int baseAssetId;
    final int quoteAssetId;
    final long baseMinorPerLot;
    final long quoteMinorPerTickLot;
    final long minQuantityLots;
    final long maxQuantityLots;
    final long maxPriceTicks;
    final long minNotionalMinor;
    InstrumentStatus status;
    FeeRates feeOverride;
    long lastPriceTicks;
    // Best first: bids by price descending, asks ascending; equal prices by arrival (priority).
    final List<Order> bids = new ArrayList<>();
    final List<Order> asks = new ArrayList<>();
    // Waiting conditional orders in acceptance order.
    final List<Order> stops = new ArrayList<>();
    // Stops that trades of the current command triggered, first triggered first; they execute
    // once the order that is matching now is done.
    final ArrayDeque<Order> triggered = new ArrayDeque<>();

    Market(InstrumentSpec spec, long[] factors) {
      this.spec = spec;
      this.instrumentId = spec.instrumentId();
      this.baseAssetId = spec.baseAssetId();
      this.quoteAssetId = spec.quoteAssetId();
      this.baseMinorPerLot = factors[0];
      this.quoteMinorPerTickLot = factors[1];
      this.minQuantityLots = factors[2];
      this.maxQuantityLots = factors[3];
      this.maxPriceTicks = factors[4];
      this.minNotionalMinor = factors[5];
      this.status = spec.status();
    }

    List<Order> side(Side side) {
      return side == Side.BUY ? bids : asks;
    }

    long notional(long priceTicks, long lots) {
      return Math.multiplyExact(Math.multiplyExact(priceTicks, lots), quoteMinorPerTickLot);
    }

    long baseAmount(long lots) {
      return Math.multiplyExact(lots, baseMinorPerLot);
    }

    int restingOrders() {
      return bids.size() + asks.size();
    }

    long bestBid() {
      return bids.isEmpty() ? 0 : bids.get(0).priceTicks;
    }

    long bestAsk() {
      return asks.isEmpty() ? 0 : asks.get(0).priceTicks;
    }
  }

  private final ExchangeConfig config;
  private final Map<Integer, AssetDef> assets = new TreeMap<>();
  private final Map<String, AssetDef> assetsByCode = new HashMap<>();
  private final Map<Integer, Market> markets = new TreeMap<>();
  private final Map<String, Market> marketsBySymbol = new HashMap<>();
  private final Map<Long, User> users = new TreeMap<>();
  private final Map<Long, Order> openOrders = new HashMap<>();
  private final Map<Long, PendingWithdrawal> withdrawals = new TreeMap<>();
  private final Map<Integer, Long> external = new HashMap<>();
  private final Map<Integer, Long> fees = new HashMap<>();
  private final LinkedHashMap<Long, Remembered> memory;
  private FeeSchedule schedule = FeeSchedule.FREE;
  private long sequence;
  private long timestampMs;
  private long nextOrderId = 1;
  private long nextTradeId = 1;
  private long nextWithdrawalId = 1;
  private long nextPriority = 1;

  // What the current command did.
  private long resultOrderId;
  private OrderStatus resultStatus;
  private long resultWithdrawalId;
  private List<ExchangeEvent.Trade> trades;
  private List<ExchangeEvent.StopTriggered> triggers;
  private Map<Long, OrderState> before;
  private Map<Long, Order> touched;
  private Set<Long> triggeredNow;
  private Set<String> changedBalances;

  ReferenceExchange(ExchangeConfig config) {
    this.config = config;
    int window = config.idempotencyWindow();
    // Forgets the oldest remembered command id once the window is full, like a ring would.
    this.memory =
        new LinkedHashMap<>() {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<Long, Remembered> eldest) {
            return size() > window;
          }
        };
  }

  // ---------------------------------------------------------------------------------------------
  // Dispatch

  Outcome apply(long timestampMs, Command command) {
    sequence++;
    this.timestampMs = timestampMs;
    long id = command.commandId();
    if (id <= 0) {
      // Refused before the command is looked at at all, so even an order gets no status.
      return new Outcome(
          sequence,
          id,
          RejectReason.INVALID_COMMAND_ID,
          0,
          null,
          0,
          false,
          List.of(),
          List.of(),
          Map.of(),
          Set.of());
    }
    Remembered first = memory.get(id);
    if (first != null) {
      return new Outcome(
          first.sequence(),
          id,
          first.reject(),
          first.orderId(),
          first.status(),
          first.withdrawalId(),
          true,
          List.of(),
          List.of(),
          Map.of(),
          Set.of());
    }
    resultOrderId = 0;
    resultStatus = null;
    resultWithdrawalId = 0;
    trades = new ArrayList<>();
    triggers = new ArrayList<>();
    before = new HashMap<>();
    touched = new LinkedHashMap<>();
    triggeredNow = new HashSet<>();
    changedBalances = new HashSet<>();

    RejectReason reject = dispatch(command);

    if (reject != null && command instanceof Command.PlaceOrder && resultStatus == null) {
      resultStatus = OrderStatus.REJECTED;
    }
    if (reject != null && (!trades.isEmpty() || !touched.isEmpty())) {
      throw new IllegalStateException("model bug: a rejected command changed state");
    }
    memory.put(
        id, new Remembered(sequence, reject, resultOrderId, resultStatus, resultWithdrawalId));
    Map<Long, OrderState> changed = new LinkedHashMap<>();
    for (Order o : touched.values()) {
      OrderState after = o.state();
      // A triggered stop counts as changed even when it rests untouched: it left the stop list.
      if (!after.equals(before.get(o.orderId)) || triggeredNow.contains(o.orderId)) {
        changed.put(o.orderId, after);
      }
    }
    return new Outcome(
        sequence,
        id,
        reject,
        resultOrderId,
        resultStatus,
        resultWithdrawalId,
        false,
        trades,
        triggers,
        changed,
        changedBalances);
  }

  private RejectReason dispatch(Command command) {
    if (command instanceof Command.PlaceOrder) {
      return placeOrder((Command.PlaceOrder) command);
    } else if (command instanceof Command.CancelOrder) {
      return cancelOrder((Command.CancelOrder) command);
    } else if (command instanceof Command.AmendOrder) {
      return amendOrder((Command.AmendOrder) command);
    } else if (command instanceof Command.CancelAll) {
      return cancelAll((Command.CancelAll) command);
    } else if (command instanceof Command.Deposit) {
      return deposit((Command.Deposit) command);
    } else if (command instanceof Command.Transfer) {
      return transfer((Command.Transfer) command);
    } else if (command instanceof Command.RequestWithdrawal) {
      return requestWithdrawal((Command.RequestWithdrawal) command);
    } else if (command instanceof Command.CompleteWithdrawal) {
      return finishWithdrawal(((Command.CompleteWithdrawal) command).withdrawalId(), true);
    } else if (command instanceof Command.CancelWithdrawal) {
      return finishWithdrawal(((Command.CancelWithdrawal) command).withdrawalId(), false);
    } else if (command instanceof Command.AddUser) {
      return addUser(((Command.AddUser) command).userId());
    } else if (command instanceof Command.DefineAsset) {
      return defineAsset((Command.DefineAsset) command);
    } else if (command instanceof Command.DefineInstrument) {
      return defineInstrument(((Command.DefineInstrument) command).spec());
    } else if (command instanceof Command.SetInstrumentStatus) {
      return setInstrumentStatus((Command.SetInstrumentStatus) command);
    } else if (command instanceof Command.SetInstrumentFees) {
      return setInstrumentFees((Command.SetInstrumentFees) command);
    } else if (command instanceof Command.SetFeeSchedule) {
      return setFeeSchedule(((Command.SetFeeSchedule) command).schedule());
    } else if (command instanceof Command.AssignFeeTier) {
      return assignFeeTier((Command.AssignFeeTier) command);
    }
    throw new IllegalArgumentException("unknown command " + command);
  }

  // ---------------------------------------------------------------------------------------------
  // Reference data

  private RejectReason defineAsset(Command.DefineAsset c) {
    if (c.assetId() <= 0
        || !ASSET_CODE.matcher(c.code()).matches()
        || c.scale() < 0
        || c.scale() > MAX_SCALE) {
      return RejectReason.INVALID_DEFINITION;
    }
    if (assets.containsKey(c.assetId()) || assetsByCode.containsKey(c.code())) {
      return RejectReason.DUPLICATE_ASSET;
    }
    if (c.assetId() > config.maxAssets()) {
      return RejectReason.TOO_MANY_ASSETS;
    }
    AssetDef asset = new AssetDef(c.assetId(), c.code(), c.scale());
    assets.put(c.assetId(), asset);
    assetsByCode.put(c.code(), asset);
    return null;
  }

  private RejectReason defineInstrument(InstrumentSpec spec) {
    if (spec.instrumentId() <= 0 || !SYMBOL.matcher(spec.symbol()).matches()) {
      return RejectReason.INVALID_DEFINITION;
    }
    AssetDef base = assets.get(spec.baseAssetId());
    AssetDef quote = assets.get(spec.quoteAssetId());
    if (base == null || quote == null) {
      return RejectReason.UNKNOWN_ASSET;
    }
    if (markets.containsKey(spec.instrumentId()) || marketsBySymbol.containsKey(spec.symbol())) {
      return RejectReason.DUPLICATE_INSTRUMENT;
    }
    long[] factors = factors(spec, base, quote);
    if (factors == null) {
      // The spec breaks one of the rules listed on InstrumentSpec; the check needs the assets,
      // which is why it runs after the 2xx look-ups.
      return RejectReason.INVALID_DEFINITION;
    }
    if (spec.instrumentId() > config.maxInstruments()) {
      return RejectReason.TOO_MANY_INSTRUMENTS;
    }
    Market market = new Market(spec, factors);
    markets.put(spec.instrumentId(), market);
    marketsBySymbol.put(spec.symbol(), market);
    return null;
  }

  /**
   * The rules of {@link InstrumentSpec}, spelled out: {base minor per lot, quote minor per tick and
   * lot, min lots, max lots, max ticks, min notional minor}, or null when a rule is broken.
   */
  private static long[] factors(InstrumentSpec s, AssetDef base, AssetDef quote) {
    if (base.assetId() == quote.assetId()
        || s.tickSize().signum() <= 0
        || s.lotSize().signum() <= 0
        || s.minQuantity().signum() <= 0
        || s.maxQuantity().signum() <= 0
        || s.maxPrice().signum() <= 0
        || s.minNotional().signum() < 0) {
      return null;
    }
    BigDecimal baseMinorPerLot = s.lotSize().movePointRight(base.scale());
    BigDecimal quoteMinorPerTickLot =
        s.tickSize().multiply(s.lotSize()).movePointRight(quote.scale());
    BigDecimal minNotional = s.minNotional().movePointRight(quote.scale());
    BigDecimal[] minLots = s.minQuantity().divideAndRemainder(s.lotSize());
    BigDecimal[] maxLots = s.maxQuantity().divideAndRemainder(s.lotSize());
    BigDecimal[] maxTicks = s.maxPrice().divideAndRemainder(s.tickSize());
    if (!isWhole(baseMinorPerLot)
        || !isWhole(quoteMinorPerTickLot)
        || !isWhole(minNotional)
        || minLots[1].signum() != 0
        || maxLots[1].signum() != 0
        || maxTicks[1].signum() != 0
        || minLots[0].compareTo(maxLots[0]) > 0) {
      return null;
    }
    BigInteger bound = BigInteger.valueOf(MAX_NOTIONAL);
    BigInteger maxNotional =
        maxTicks[0]
            .toBigIntegerExact()
            .multiply(maxLots[0].toBigIntegerExact())
            .multiply(quoteMinorPerTickLot.toBigIntegerExact());
    BigInteger maxBase =
        maxLots[0].toBigIntegerExact().multiply(baseMinorPerLot.toBigIntegerExact());
    if (maxNotional.compareTo(bound) > 0 || maxBase.compareTo(bound) > 0) {
      return null;
    }
    return new long[] {
      baseMinorPerLot.longValueExact(),
      quoteMinorPerTickLot.longValueExact(),
      minLots[0].longValueExact(),
      maxLots[0].longValueExact(),
      maxTicks[0].longValueExact(),
      minNotional.longValueExact()
    };
  }

  private static boolean isWhole(BigDecimal value) {
    return value.signum() == 0 || value.stripTrailingZeros().scale() <= 0;
  }

  private RejectReason setInstrumentStatus(Command.SetInstrumentStatus c) {
    Market market = markets.get(c.instrumentId());
    if (market == null) {
      return RejectReason.UNKNOWN_INSTRUMENT;
    }
    market.status = c.status();
    return null;
  }

  private RejectReason setInstrumentFees(Command.SetInstrumentFees c) {
    if (c.rates() != null && !c.rates().isValid()) {
      return RejectReason.INVALID_FEE_SCHEDULE;
    }
    Market market = markets.get(c.instrumentId());
    if (market == null) {
      return RejectReason.UNKNOWN_INSTRUMENT;
    }
    market.feeOverride = c.rates();
    return null;
  }

  private RejectReason setFeeSchedule(FeeSchedule newSchedule) {
    if (!newSchedule.isValid()) {
      return RejectReason.INVALID_FEE_SCHEDULE;
    }
    // A single tier needs no volume asset (0), but one that names an asset must name a real one.
    boolean needsVolumeAsset = newSchedule.tiers().size() > 1 || newSchedule.volumeAssetId() != 0;
    if (needsVolumeAsset && !assets.containsKey(newSchedule.volumeAssetId())) {
      return RejectReason.UNKNOWN_ASSET;
    }
    schedule = newSchedule;
    return null;
  }

  private RejectReason assignFeeTier(Command.AssignFeeTier c) {
    User user = users.get(c.userId());
    if (user == null) {
      return RejectReason.UNKNOWN_USER;
    }
    if (c.tier() < -1 || c.tier() >= schedule.tiers().size()) {
      return RejectReason.UNKNOWN_FEE_TIER;
    }
    user.assignedTier = c.tier();
    return null;
  }

  // ---------------------------------------------------------------------------------------------
  // Users and money movements

  private RejectReason addUser(long userId) {
    if (userId <= 0) {
      return RejectReason.INVALID_USER_ID;
    }
    if (users.containsKey(userId)) {
      return RejectReason.DUPLICATE_USER;
    }
    if (users.size() >= config.maxUsers()) {
      return RejectReason.TOO_MANY_USERS;
    }
    users.put(userId, new User(userId));
    return null;
  }

  private RejectReason deposit(Command.Deposit c) {
    if (c.amount() <= 0) {
      return RejectReason.INVALID_AMOUNT;
    }
    User user = users.get(c.userId());
    if (user == null) {
      return RejectReason.UNKNOWN_USER;
    }
    if (!assets.containsKey(c.assetId())) {
      return RejectReason.UNKNOWN_ASSET;
    }
    BigInteger supply =
        BigInteger.valueOf(external(c.assetId()))
            .add(BigInteger.valueOf(feeBalance(c.assetId())))
            .negate()
            .add(BigInteger.valueOf(c.amount()));
    // An asset's supply is capped at 2^61 - 1 minor units, leaving room for maker rebates.
    if (supply.bitLength() > 61) {
      return RejectReason.AMOUNT_OVERFLOW;
    }
    external.merge(c.assetId(), -c.amount(), Long::sum);
    credit(user, false, c.assetId(), c.amount());
    return null;
  }

  private RejectReason transfer(Command.Transfer c) {
    if (c.amount() <= 0) {
      return RejectReason.INVALID_AMOUNT;
    }
    if (c.fromUserId() == c.toUserId()) {
      // A transfer to oneself is malformed whoever the user is: a 1xx reason beats UNKNOWN_USER.
      return RejectReason.INVALID_USER_ID;
    }
    User from = users.get(c.fromUserId());
    User to = users.get(c.toUserId());
    if (from == null || to == null) {
      return RejectReason.UNKNOWN_USER;
    }
    if (!assets.containsKey(c.assetId())) {
      return RejectReason.UNKNOWN_ASSET;
    }
    if (from.available(c.assetId()) < c.amount()) {
      return RejectReason.INSUFFICIENT_FUNDS;
    }
    credit(from, false, c.assetId(), -c.amount());
    credit(to, false, c.assetId(), c.amount());
    return null;
  }

  private RejectReason requestWithdrawal(Command.RequestWithdrawal c) {
    if (c.amount() <= 0) {
      return RejectReason.INVALID_AMOUNT;
    }
    User user = users.get(c.userId());
    if (user == null) {
      return RejectReason.UNKNOWN_USER;
    }
    if (!assets.containsKey(c.assetId())) {
      return RejectReason.UNKNOWN_ASSET;
    }
    if (user.available(c.assetId()) < c.amount()) {
      return RejectReason.INSUFFICIENT_FUNDS;
    }
    if (withdrawals.size() >= config.maxPendingWithdrawals()) {
      return RejectReason.TOO_MANY_PENDING_WITHDRAWALS;
    }
    long id = nextWithdrawalId++;
    withdrawals.put(id, new PendingWithdrawal(id, user.userId, c.assetId(), c.amount()));
    credit(user, false, c.assetId(), -c.amount());
    credit(user, true, c.assetId(), c.amount());
    resultWithdrawalId = id;
    return null;
  }

  private RejectReason finishWithdrawal(long withdrawalId, boolean complete) {
    PendingWithdrawal w = withdrawals.remove(withdrawalId);
    if (w == null) {
      return RejectReason.UNKNOWN_WITHDRAWAL;
    }
    User user = users.get(w.userId());
    credit(user, true, w.assetId(), -w.amount());
    if (complete) {
      external.merge(w.assetId(), w.amount(), Long::sum);
    } else {
      credit(user, false, w.assetId(), w.amount());
    }
    resultWithdrawalId = withdrawalId;
    return null;
  }

  // ---------------------------------------------------------------------------------------------
  // Placing orders

  private RejectReason placeOrder(Command.PlaceOrder c) {
    RejectReason malformed = checkShape(c);
    if (malformed != null) {
      return malformed;
    }
    User user = users.get(c.userId());
    if (user == null) {
      return RejectReason.UNKNOWN_USER;
    }
    Market market = markets.get(c.instrumentId());
    if (market == null) {
      return RejectReason.UNKNOWN_INSTRUMENT;
    }
    if (c.clientOrderId() != null && user.openByClientOrderId.containsKey(c.clientOrderId())) {
      return RejectReason.DUPLICATE_CLIENT_ORDER_ID;
    }
    RejectReason filtered = checkFilters(c, market);
    if (filtered != null) {
      return filtered;
    }
    if (market.status == InstrumentStatus.HALTED) {
      return RejectReason.INSTRUMENT_HALTED;
    }
    if (c.type() == OrderType.LIMIT_MAKER && crossesBook(market, c.side(), c.priceTicks())) {
      return RejectReason.POST_ONLY_WOULD_TAKE;
    }
    if (c.type().isConditional()
        && market.lastPriceTicks != 0
        && triggers(c.type(), c.side(), c.stopPriceTicks(), market.lastPriceTicks)) {
      return RejectReason.STOP_WOULD_TRIGGER_IMMEDIATELY;
    }
    if (c.quoteAmount() > market.notional(market.maxPriceTicks, market.maxQuantityLots)) {
      return RejectReason.AMOUNT_OVERFLOW;
    }
    FeeRates rates = ratesFor(user, market);
    long hold = holdForNewOrder(c, market, user, rates);
    if (hold < 0) {
      return RejectReason.INSUFFICIENT_FUNDS;
    }
    boolean staysOpen =
        (c.type().hasLimitPrice() && c.timeInForce() == TimeInForce.GTC)
            || c.type().isConditional();
    if (staysOpen && user.open.size() >= config.maxOpenOrdersPerUser()) {
      return RejectReason.TOO_MANY_OPEN_ORDERS;
    }
    if (c.type().isConditional() && market.stops.size() >= config.maxStopOrdersPerInstrument()) {
      return RejectReason.TOO_MANY_STOP_ORDERS;
    }
    SelfTradePrevention stp =
        c.selfTradePrevention() != null
            ? c.selfTradePrevention()
            : market.spec.defaultSelfTradePrevention();
    if (mayRest(c.type(), c.timeInForce())
        && !c.type().isConditional()
        && market.restingOrders() >= config.maxOrdersPerBook()
        && wouldRest(market, user, c.side(), c.priceTicks(), c.quantityLots(), stp)) {
      // Only an order that needs room is refused; one that trades completely (or ends by STP)
      // never rests. A stop waits outside the book and expires if the book is full when it rests.
      return RejectReason.BOOK_FULL;
    }

    Order order = new Order(nextOrderId++, c, user, market, stp, rates);
    resultOrderId = order.orderId;
    touchNew(order);
    if (c.timeInForce() == TimeInForce.FOK
        && !c.type().isConditional()
        && fillableLots(order) < order.quantityLots) {
      // Fill or kill with no partial trace: never opened, nothing held, nothing traded.
      order.status = OrderStatus.EXPIRED;
      resultStatus = order.status;
      return null;
    }
    open(order, hold);
    if (order.type.isConditional()) {
      market.stops.add(order);
    } else {
      execute(order);
      triggerStops(market);
    }
    resultStatus = order.status;
    return null;
  }

  /**
   * The 1xx checks of a new order. Which of two 1xx reasons wins is not specified; this follows the
   * field order of the record's documentation, client order id first.
   */
  private static RejectReason checkShape(Command.PlaceOrder c) {
    if (c.clientOrderId() != null && !CLIENT_ORDER_ID.matcher(c.clientOrderId()).matches()) {
      return RejectReason.INVALID_CLIENT_ORDER_ID;
    }
    OrderType type = c.type();
    if (c.quantityLots() < 0) {
      return RejectReason.INVALID_QUANTITY;
    }
    if (type.hasLimitPrice() ? c.priceTicks() <= 0 : c.priceTicks() != 0) {
      return RejectReason.INVALID_PRICE;
    }
    if (type.isConditional() ? c.stopPriceTicks() <= 0 : c.stopPriceTicks() != 0) {
      return RejectReason.INVALID_STOP_PRICE;
    }
    if (type.hasLimitPrice()) {
      if (c.quantityLots() == 0) {
        return RejectReason.INVALID_QUANTITY;
      }
      if (c.quoteAmount() != 0) {
        return RejectReason.INVALID_AMOUNT;
      }
    } else {
      boolean byQuantity = c.quantityLots() > 0;
      boolean byQuote = c.quoteAmount() > 0;
      if (c.quoteAmount() < 0 || (byQuantity && byQuote)) {
        return RejectReason.INVALID_AMOUNT;
      }
      if (!byQuantity && !byQuote) {
        return RejectReason.INVALID_QUANTITY;
      }
      // A waiting market stop must know what to hold: a buy names a quote amount, a sell a
      // quantity.
      if (type.isConditional() && c.side() == Side.BUY && byQuantity) {
        return RejectReason.INVALID_QUANTITY;
      }
      if (type.isConditional() && c.side() == Side.SELL && byQuote) {
        return RejectReason.INVALID_AMOUNT;
      }
    }
    if (!type.hasLimitPrice() && c.timeInForce() != TimeInForce.IOC) {
      return RejectReason.INVALID_TIME_IN_FORCE;
    }
    if (type == OrderType.LIMIT_MAKER && c.timeInForce() != TimeInForce.GTC) {
      return RejectReason.INVALID_TIME_IN_FORCE;
    }
    return null;
  }

  /** The 3xx filters of a new order. */
  private static RejectReason checkFilters(Command.PlaceOrder c, Market market) {
    if (c.priceTicks() > market.maxPriceTicks || c.stopPriceTicks() > market.maxPriceTicks) {
      return RejectReason.PRICE_ABOVE_MAX;
    }
    if (c.quantityLots() > 0 && c.quantityLots() < market.minQuantityLots) {
      return RejectReason.QUANTITY_BELOW_MIN;
    }
    if (c.quantityLots() > market.maxQuantityLots) {
      return RejectReason.QUANTITY_ABOVE_MAX;
    }
    if (c.type().hasLimitPrice()
        && market.notional(c.priceTicks(), c.quantityLots()) < market.minNotionalMinor) {
      return RejectReason.NOTIONAL_BELOW_MIN;
    }
    if (c.quoteAmount() > 0 && c.quoteAmount() < market.minNotionalMinor) {
      return RejectReason.NOTIONAL_BELOW_MIN;
    }
    return null;
  }

  /**
   * What a new order holds, or -1 if the user cannot afford it. Limit orders and waiting stops hold
   * everything they may need up front. A market order holds what it needs up to what the user has,
   * and at least one minor unit (buy) or one lot (sell), and stops when that is spent.
   */
  private long holdForNewOrder(Command.PlaceOrder c, Market market, User user, FeeRates rates) {
    boolean buy = c.side() == Side.BUY;
    long available = user.available(buy ? market.quoteAssetId : market.baseAssetId);
    if (c.type().hasLimitPrice()) {
      long needed =
          buy
              ? buyHold(market.notional(c.priceTicks(), c.quantityLots()), worstRate(rates))
              : market.baseAmount(c.quantityLots());
      return available >= needed ? needed : -1;
    }
    if (c.type().isConditional()) {
      long needed =
          buy ? buyHold(c.quoteAmount(), rates.takerPpm()) : market.baseAmount(c.quantityLots());
      return available >= needed ? needed : -1;
    }
    long wanted;
    if (buy) {
      wanted = c.quoteAmount() > 0 ? buyHold(c.quoteAmount(), rates.takerPpm()) : available;
    } else {
      wanted = c.quantityLots() > 0 ? market.baseAmount(c.quantityLots()) : available;
    }
    long hold = Math.min(available, wanted);
    return hold >= (buy ? 1 : market.baseMinorPerLot) ? hold : -1;
  }

  private static long worstRate(FeeRates rates) {
    return Math.max(0, Math.max(rates.makerPpm(), rates.takerPpm()));
  }

  /** A buy's hold: notional + ceil(notional x rate) + 1 when the rate is positive. */
  private static long buyHold(long notional, long ppm) {
    long fee = ceilPpm(notional, ppm);
    return Math.addExact(notional, ppm > 0 ? fee + 1 : fee);
  }

  private static boolean mayRest(OrderType type, TimeInForce tif) {
    return type.hasLimitPrice() && tif == TimeInForce.GTC;
  }

  private static boolean crossesBook(Market market, Side side, long priceTicks) {
    List<Order> opposite = market.side(opposite(side));
    if (opposite.isEmpty()) {
      return false;
    }
    long best = opposite.get(0).priceTicks;
    return side == Side.BUY ? best <= priceTicks : best >= priceTicks;
  }

  private static Side opposite(Side side) {
    return side == Side.BUY ? Side.SELL : Side.BUY;
  }

  /**
   * STOP_LOSS(_LIMIT): a sell triggers when the price falls to the stop, a buy when it rises to it.
   * TAKE_PROFIT(_LIMIT): the reverse.
   */
  private static boolean triggers(
      OrderType type, Side side, long stopPriceTicks, long lastPriceTicks) {
    boolean stopLoss = type == OrderType.STOP_LOSS || type == OrderType.STOP_LOSS_LIMIT;
    boolean buy = side == Side.BUY;
    boolean onRise = stopLoss ? buy : !buy;
    return onRise ? lastPriceTicks >= stopPriceTicks : lastPriceTicks <= stopPriceTicks;
  }

  private FeeRates ratesFor(User user, Market market) {
    if (market.feeOverride != null) {
      return market.feeOverride;
    }
    return schedule.tiers().get(tierOf(user)).rates();
  }

  /**
   * An assigned tier wins; one beyond a newer, shorter schedule counts as its last tier (the
   * documentation does not say, this is the least surprising choice). Otherwise the highest tier
   * whose threshold the 30-day volume reaches.
   */
  int tierOf(User user) {
    int count = schedule.tiers().size();
    if (user.assignedTier >= 0) {
      return Math.min(user.assignedTier, count - 1);
    }
    long volume = volume30d(user);
    int tier = 0;
    for (int i = 0; i < count; i++) {
      if (volume >= schedule.tiers().get(i).minVolume30d()) {
        tier = i;
      }
    }
    return tier;
  }

  /** The volume of the current day and the 29 before it. */
  long volume30d(User user) {
    long today = Math.floorDiv(timestampMs, DAY_MS);
    long total = 0;
    for (Map.Entry<Long, Long> day : user.volumeByDay.entrySet()) {
      if (day.getKey() <= today && day.getKey() > today - VOLUME_DAYS) {
        total += day.getValue();
      }
    }
    return total;
  }

  private void addVolume(User user, long notional) {
    long today = Math.floorDiv(timestampMs, DAY_MS);
    user.volumeByDay.merge(today, notional, Long::sum);
    user.volumeByDay.headMap(today - VOLUME_DAYS, true).clear();
  }

  // ---------------------------------------------------------------------------------------------
  // Order life cycle

  /** Records the state of an order before the command first changes it. */
  private void touch(Order order) {
    if (touched.putIfAbsent(order.orderId, order) == null) {
      before.put(order.orderId, order.state());
    }
  }

  /** Records a new order: whatever becomes of it, the command reports it. */
  private void touchNew(Order order) {
    touched.put(order.orderId, order);
  }

  private void open(Order order, long hold) {
    order.hold = hold;
    int asset = order.heldAsset();
    credit(order.user, false, asset, -hold);
    credit(order.user, true, asset, hold);
    openOrders.put(order.orderId, order);
    order.user.open.put(order.orderId, order);
    if (order.clientOrderId != null) {
      order.user.openByClientOrderId.put(order.clientOrderId, order);
    }
  }

  /** Ends an open order: releases what it still holds and forgets it. */
  private void end(Order order, OrderStatus status) {
    touch(order);
    order.status = status;
    if (order.hold > 0) {
      int asset = order.heldAsset();
      credit(order.user, true, asset, -order.hold);
      credit(order.user, false, asset, order.hold);
      order.hold = 0;
    }
    openOrders.remove(order.orderId);
    order.user.open.remove(order.orderId);
    if (order.clientOrderId != null) {
      order.user.openByClientOrderId.remove(order.clientOrderId);
    }
  }

  private void removeFromBook(Order order) {
    if (!order.market.side(order.side).remove(order)) {
      throw new IllegalStateException("model bug: order " + order.orderId + " not on its side");
    }
    order.resting = false;
  }

  private void rest(Order order) {
    if (order.market.restingOrders() >= config.maxOrdersPerBook()) {
      end(order, OrderStatus.EXPIRED);
      return;
    }
    order.priority = nextPriority++;
    order.resting = true;
    List<Order> side = order.market.side(order.side);
    Comparator<Order> bestFirst =
        order.buy()
            ? Comparator.<Order>comparingLong(o -> -o.priceTicks).thenComparingLong(o -> o.priority)
            : Comparator.<Order>comparingLong(o -> o.priceTicks).thenComparingLong(o -> o.priority);
    int at = Collections.binarySearch(side, order, bestFirst);
    side.add(-at - 1, order);
    order.status = order.filledLots > 0 ? OrderStatus.PARTIALLY_FILLED : OrderStatus.NEW;
  }

  /**
   * How many lots a fill-or-kill order would get if it matched now. Own orders stop it unless its
   * STP mode expires them and goes on (EXPIRE_MAKER); with NONE they count like anyone's.
   */
  private long fillableLots(Order taker) {
    long found = 0;
    for (Order maker : taker.market.side(opposite(taker.side))) {
      if (found >= taker.remainingLots() || !priceAcceptable(taker, maker.priceTicks)) {
        break;
      }
      if (maker.user == taker.user && taker.stp != SelfTradePrevention.NONE) {
        if (taker.stp == SelfTradePrevention.EXPIRE_MAKER) {
          continue;
        }
        break;
      }
      found += maker.remainingLots();
    }
    return found;
  }

  /**
   * Whether a new GTC limit order would rest: what it can take within its price before the book
   * runs out is less than its quantity, and no own order stops it first (EXPIRE_TAKER or
   * EXPIRE_BOTH end it instead; EXPIRE_MAKER clears own orders out of its way).
   */
  private static boolean wouldRest(
      Market market,
      User user,
      Side side,
      long priceTicks,
      long quantityLots,
      SelfTradePrevention stp) {
    long found = 0;
    for (Order maker : market.side(opposite(side))) {
      boolean acceptable =
          side == Side.BUY ? maker.priceTicks <= priceTicks : maker.priceTicks >= priceTicks;
      if (found >= quantityLots || !acceptable) {
        break;
      }
      if (maker.user == user && stp != SelfTradePrevention.NONE) {
        if (stp == SelfTradePrevention.EXPIRE_MAKER) {
          continue;
        }
        return false;
      }
      found += maker.remainingLots();
    }
    return found < quantityLots;
  }

  private static boolean priceAcceptable(Order taker, long makerPrice) {
    if (taker.marketLike()) {
      return true;
    }
    return taker.buy() ? makerPrice <= taker.priceTicks : makerPrice >= taker.priceTicks;
  }

  /**
   * Runs an incoming (or re-entered, or triggered) order against the book, then rests or ends it.
   */
  private void execute(Order taker) {
    touch(taker);
    if (taker.triggered
        && taker.timeInForce == TimeInForce.FOK
        && fillableLots(taker) < taker.remainingLots()) {
      end(taker, OrderStatus.EXPIRED);
      return;
    }
    boolean quoteUsedUp = match(taker);
    if (taker.expiredInMatch) {
      end(taker, OrderStatus.EXPIRED_IN_MATCH);
    } else if (!taker.byQuote() && taker.remainingLots() == 0) {
      end(taker, OrderStatus.FILLED);
    } else if (taker.byQuote() && quoteUsedUp) {
      end(taker, OrderStatus.FILLED);
    } else if (mayRest(taker.type, taker.timeInForce)) {
      rest(taker);
    } else {
      end(taker, OrderStatus.EXPIRED);
    }
  }

  /**
   * Price-time matching: always against the best remaining maker.
   *
   * @return for an order by quote amount, whether the amount counts as used up: nothing is left, or
   *     less than one lot's worth at the price where matching stopped
   */
  private boolean match(Order taker) {
    List<Order> book = taker.market.side(opposite(taker.side));
    while (taker.byQuote() || taker.remainingLots() > 0) {
      if (book.isEmpty()) {
        return taker.byQuote() && taker.quoteLeft() == 0;
      }
      Order maker = book.get(0);
      if (!priceAcceptable(taker, maker.priceTicks)) {
        return false;
      }
      if (maker.user == taker.user && taker.stp != SelfTradePrevention.NONE) {
        if (taker.stp == SelfTradePrevention.EXPIRE_MAKER
            || taker.stp == SelfTradePrevention.EXPIRE_BOTH) {
          removeFromBook(maker);
          end(maker, OrderStatus.EXPIRED_IN_MATCH);
        }
        if (taker.stp == SelfTradePrevention.EXPIRE_TAKER
            || taker.stp == SelfTradePrevention.EXPIRE_BOTH) {
          taker.expiredInMatch = true;
          return false;
        }
        continue;
      }
      long lots =
          taker.marketLike()
              ? marketLots(taker, maker)
              : Math.min(taker.remainingLots(), maker.remainingLots());
      if (lots == 0) {
        // Less than a lot's worth left counts as used up, but only for an order that bought or
        // sold something: one that could not take a single lot has expired.
        return taker.byQuote()
            && taker.filledLots > 0
            && taker.quoteLeft() < taker.market.notional(maker.priceTicks, 1);
      }
      trade(maker, taker, lots);
    }
    return false;
  }

  /** The most lots a market taker can take from this maker with its amount and its hold. */
  private static long marketLots(Order taker, Order maker) {
    Market market = taker.market;
    long unit = market.notional(maker.priceTicks, 1);
    long lots = taker.byQuote() ? taker.quoteLeft() / unit : taker.remainingLots();
    lots = Math.min(lots, maker.remainingLots());
    if (!taker.buy()) {
      return Math.min(lots, taker.hold / market.baseMinorPerLot);
    }
    lots = Math.min(lots, taker.hold / unit);
    while (lots > 0 && buyerCost(taker, unit * lots) > taker.hold) {
      lots--;
    }
    return lots;
  }

  private static long buyerCost(Order buyer, long notional) {
    return notional + Math.max(0, fee(buyer.takerNotional, notional, buyer.takerPpm));
  }

  /** One trade at the maker's price, settled as a single all-or-nothing change. */
  private void trade(Order maker, Order taker, long lots) {
    touch(maker);
    touch(taker);
    Market market = taker.market;
    long price = maker.priceTicks;
    long notional = market.notional(price, lots);
    long base = market.baseAmount(lots);
    long makerFee = fee(maker.makerNotional, notional, maker.makerPpm);
    long takerFee = fee(taker.takerNotional, notional, taker.takerPpm);
    Order buyer = taker.buy() ? taker : maker;
    Order seller = taker.buy() ? maker : taker;
    long buyerFee = taker.buy() ? takerFee : makerFee;
    long sellerFee = taker.buy() ? makerFee : takerFee;

    // Base: from the seller's hold to the buyer.
    credit(seller.user, true, market.baseAssetId, -base);
    seller.hold -= base;
    credit(buyer.user, false, market.baseAssetId, base);
    // Quote: the buyer pays notional and fee from the hold; a rebate is paid out to AVAILABLE.
    long buyerPays = notional + Math.max(0, buyerFee);
    credit(buyer.user, true, market.quoteAssetId, -buyerPays);
    buyer.hold -= buyerPays;
    if (buyerFee < 0) {
      credit(buyer.user, false, market.quoteAssetId, -buyerFee);
    }
    // The seller receives the notional less its fee (plus its rebate).
    credit(seller.user, false, market.quoteAssetId, notional - sellerFee);
    fees.merge(market.quoteAssetId, buyerFee + sellerFee, Long::sum);
    if (buyer.hold < 0 || seller.hold < 0) {
      throw new IllegalStateException("model bug: a hold went negative");
    }

    maker.makerNotional += notional;
    taker.takerNotional += notional;
    maker.filledLots += lots;
    taker.filledLots += lots;
    maker.cumulativeQuote += notional;
    taker.cumulativeQuote += notional;
    maker.feesPaid += makerFee;
    taker.feesPaid += takerFee;
    market.lastPriceTicks = price;
    collectTriggered(market, price);
    if (market.quoteAssetId == schedule.volumeAssetId()) {
      // A self-trade counts once towards fee tiers.
      addVolume(maker.user, notional);
      if (taker.user != maker.user) {
        addVolume(taker.user, notional);
      }
    }
    trades.add(
        new ExchangeEvent.Trade(
            nextTradeId++,
            market.instrumentId,
            price,
            lots,
            notional,
            maker.orderId,
            taker.orderId,
            maker.user.userId,
            taker.user.userId,
            taker.side,
            makerFee,
            takerFee));
    taker.status = OrderStatus.PARTIALLY_FILLED;
    if (maker.remainingLots() == 0) {
      removeFromBook(maker);
      end(maker, OrderStatus.FILLED);
    } else {
      maker.status = OrderStatus.PARTIALLY_FILLED;
    }
  }

  /**
   * Every trade price is a last price: the stops it reaches leave the waiting list, in acceptance
   * order, for the end of the triggered queue.
   */
  private static void collectTriggered(Market market, long priceTicks) {
    for (Order stop : new ArrayList<>(market.stops)) {
      if (triggers(stop.type, stop.side, stop.stopPriceTicks, priceTicks)) {
        market.stops.remove(stop);
        stop.triggerPriceTicks = priceTicks;
        market.triggered.add(stop);
      }
    }
  }

  /** Executes triggered stops, first triggered first, until their trades trigger no more. */
  private void triggerStops(Market market) {
    while (!market.triggered.isEmpty()) {
      Order next = market.triggered.poll();
      next.triggered = true;
      triggeredNow.add(next.orderId);
      triggers.add(
          new ExchangeEvent.StopTriggered(
              next.orderId, market.instrumentId, next.triggerPriceTicks));
      execute(next);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Cancel and amend

  private Order findOwn(User user, long orderId, String clientOrderId) {
    Order order;
    if (orderId != 0) {
      order = openOrders.get(orderId);
    } else {
      order = clientOrderId == null ? null : user.openByClientOrderId.get(clientOrderId);
    }
    return order != null && order.user == user ? order : null;
  }

  private RejectReason cancelOrder(Command.CancelOrder c) {
    User user = users.get(c.userId());
    if (user == null) {
      return RejectReason.UNKNOWN_USER;
    }
    Order order = findOwn(user, c.orderId(), c.clientOrderId());
    if (order == null) {
      return RejectReason.UNKNOWN_ORDER;
    }
    resultOrderId = order.orderId;
    cancel(order);
    resultStatus = order.status;
    return null;
  }

  private void cancel(Order order) {
    if (order.resting) {
      removeFromBook(order);
    } else if (!order.market.stops.remove(order)) {
      throw new IllegalStateException("model bug: open order " + order.orderId + " is nowhere");
    }
    end(order, OrderStatus.CANCELED);
  }

  private RejectReason cancelAll(Command.CancelAll c) {
    User user = users.get(c.userId());
    if (user == null) {
      return RejectReason.UNKNOWN_USER;
    }
    if (c.instrumentId() != 0 && !markets.containsKey(c.instrumentId())) {
      return RejectReason.UNKNOWN_INSTRUMENT;
    }
    for (Order order : new ArrayList<>(user.open.values())) {
      if (c.instrumentId() == 0 || order.market.instrumentId == c.instrumentId()) {
        cancel(order);
      }
    }
    return null;
  }

  private RejectReason amendOrder(Command.AmendOrder c) {
    if (c.newPriceTicks() < 0) {
      return RejectReason.INVALID_PRICE;
    }
    if (c.newQuantityLots() < 0) {
      return RejectReason.INVALID_QUANTITY;
    }
    User user = users.get(c.userId());
    if (user == null) {
      return RejectReason.UNKNOWN_USER;
    }
    Order order = findOwn(user, c.orderId(), c.clientOrderId());
    if (order == null) {
      return RejectReason.UNKNOWN_ORDER;
    }
    resultOrderId = order.orderId;
    if (!order.resting) {
      // Only orders on the book can be amended; a waiting stop is canceled and placed again. No
      // filter is applied to it first: a market stop has no price to check.
      return RejectReason.ORDER_NOT_AMENDABLE;
    }
    Market market = order.market;
    long price = c.newPriceTicks() == 0 ? order.priceTicks : c.newPriceTicks();
    long quantity = c.newQuantityLots() == 0 ? order.quantityLots : c.newQuantityLots();
    if (quantity <= order.filledLots) {
      return RejectReason.INVALID_QUANTITY;
    }
    if (price > market.maxPriceTicks) {
      return RejectReason.PRICE_ABOVE_MAX;
    }
    if (quantity < market.minQuantityLots) {
      return RejectReason.QUANTITY_BELOW_MIN;
    }
    if (quantity > market.maxQuantityLots) {
      return RejectReason.QUANTITY_ABOVE_MAX;
    }
    if (market.notional(price, quantity) < market.minNotionalMinor) {
      return RejectReason.NOTIONAL_BELOW_MIN;
    }
    if (market.status == InstrumentStatus.HALTED) {
      return RejectReason.INSTRUMENT_HALTED;
    }
    if (price == order.priceTicks && quantity == order.quantityLots) {
      return RejectReason.AMEND_NOT_A_CHANGE;
    }
    if (order.type == OrderType.LIMIT_MAKER
        && price != order.priceTicks
        && crossesBook(market, order.side, price)) {
      return RejectReason.POST_ONLY_WOULD_TAKE;
    }
    long remaining = quantity - order.filledLots;
    long newHold =
        order.buy()
            ? buyHold(
                market.notional(price, remaining),
                Math.max(0, Math.max(order.makerPpm, order.takerPpm)))
            : market.baseAmount(remaining);
    if (price == order.priceTicks && quantity < order.quantityLots) {
      // A reduction never asks for more money than the order holds.
      newHold = Math.min(newHold, order.hold);
    }
    long extra = newHold - order.hold;
    int asset = order.heldAsset();
    if (extra > user.available(asset)) {
      return RejectReason.INSUFFICIENT_FUNDS;
    }
    touch(order);
    credit(user, false, asset, -extra);
    credit(user, true, asset, extra);
    order.hold = newHold;
    if (price == order.priceTicks && quantity < order.quantityLots) {
      // Less of the same keeps its place in the queue.
      order.quantityLots = quantity;
    } else {
      // A new price or more quantity: cancel-replace, so it goes to the back and may trade.
      removeFromBook(order);
      order.priceTicks = price;
      order.quantityLots = quantity;
      execute(order);
      triggerStops(market);
    }
    resultStatus = order.status;
    return null;
  }

  // ---------------------------------------------------------------------------------------------
  // Money helpers

  /** Adds {@code delta} to a user's AVAILABLE or HELD account; user accounts never go negative. */
  private void credit(User user, boolean held, int assetId, long delta) {
    if (delta != 0 && changedBalances != null) {
      changedBalances.add(user.userId + "/" + assetId);
    }
    Map<Integer, Long> accounts = held ? user.held : user.available;
    long after = Math.addExact(accounts.getOrDefault(assetId, 0L), delta);
    if (after < 0) {
      throw new IllegalStateException(
          "model bug: user " + user.userId + " would go negative in asset " + assetId);
    }
    accounts.put(assetId, after);
  }

  /** ceil(amount x ppm / 1e6), exactly. */
  private static long ceilPpm(long amount, long ppm) {
    BigInteger[] qr =
        BigInteger.valueOf(amount).multiply(BigInteger.valueOf(ppm)).divideAndRemainder(MILLION);
    return qr[0].longValueExact() + (qr[1].signum() > 0 ? 1 : 0);
  }

  /** floor(amount x ppm / 1e6), exactly. */
  private static long floorPpm(long amount, long ppm) {
    return BigInteger.valueOf(amount)
        .multiply(BigInteger.valueOf(ppm))
        .divide(MILLION)
        .longValueExact();
  }

  /**
   * The fee of a fill of {@code notional} after {@code before} of the same order and role: f(before
   * + notional) - f(before), with f rounding up for fees and down for rebates, so the order's total
   * is the rounded fee of its total notional however it was split.
   */
  private static long fee(long before, long notional, long ppm) {
    if (ppm >= 0) {
      return ceilPpm(before + notional, ppm) - ceilPpm(before, ppm);
    }
    return -(floorPpm(before + notional, -ppm) - floorPpm(before, -ppm));
  }

  // ---------------------------------------------------------------------------------------------
  // Views for the generator and the comparisons

  long sequence() {
    return sequence;
  }

  Map<Integer, AssetDef> assets() {
    return Collections.unmodifiableMap(assets);
  }

  Map<Integer, Market> markets() {
    return Collections.unmodifiableMap(markets);
  }

  Market market(int instrumentId) {
    return markets.get(instrumentId);
  }

  Map<Long, User> users() {
    return Collections.unmodifiableMap(users);
  }

  User user(long userId) {
    return users.get(userId);
  }

  Map<Long, PendingWithdrawal> pendingWithdrawals() {
    return Collections.unmodifiableMap(withdrawals);
  }

  long external(int assetId) {
    return external.getOrDefault(assetId, 0L);
  }

  long feeBalance(int assetId) {
    return fees.getOrDefault(assetId, 0L);
  }

  long nextOrderId() {
    return nextOrderId;
  }

  /** The aggregated book, every level, best first, as {@link org.bourse.core.Exchange#depth}. */
  Depth depth(int instrumentId) {
    Market market = markets.get(instrumentId);
    return new Depth(instrumentId, 0, levels(market.bids), levels(market.asks));
  }

  private static List<Depth.Level> levels(List<Order> side) {
    List<Depth.Level> levels = new ArrayList<>();
    for (Order order : side) {
      Depth.Level last = levels.isEmpty() ? null : levels.get(levels.size() - 1);
      if (last != null && last.priceTicks() == order.priceTicks) {
        levels.set(
            levels.size() - 1,
            new Depth.Level(
                last.priceTicks(), last.quantityLots() + order.remainingLots(), last.orders() + 1));
      } else {
        levels.add(new Depth.Level(order.priceTicks, order.remainingLots(), 1));
      }
    }
    return levels;
  }

  /** The total open lots at one price of one side (0 when there is no such level). */
  long levelLots(int instrumentId, Side side, long priceTicks) {
    long total = 0;
    for (Order order : markets.get(instrumentId).side(side)) {
      if (order.priceTicks == priceTicks) {
        total += order.remainingLots();
      }
    }
    return total;
  }

  /** A user's open orders, oldest first, as the engine reports them. */
  List<OrderState> openOrderStates(long userId) {
    User user = users.get(userId);
    List<OrderState> result = new ArrayList<>();
    if (user != null) {
      for (Order order : user.open.values()) {
        result.add(order.state());
      }
    }
    return result;
  }
}
