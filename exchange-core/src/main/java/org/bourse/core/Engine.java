package org.bourse.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one implementation of {@link Exchange}: a dispatcher that validates each command, then
 * changes books and ledger through small helpers. Control flow lives here; the book, ledger and
 * memory classes are plain data structures.
 *
 * <p>Order lifecycle: accept (hold funds AVAILABLE -> HELD, in one ledger entry) -> match as taker
 * (each trade one entry) -> rest on the book or end. An ending order releases whatever it still
 * holds. Conditional orders hold at acceptance and wait in their book's stop list until the last
 * trade price reaches their stop; they then execute, in acceptance order.
 *
 * <p>Buy holds: a limit buy holds its notional plus {@link Fees#holdFor the worst-case fee}; a
 * market buy holds what the user has (up to its quote amount plus fee) and stops when that is
 * spent. Sells hold base.
 */
final class Engine implements Exchange {
  private static final long DAY_MS = 86_400_000L;
  private static final Pattern ASSET_CODE = Pattern.compile("[A-Z0-9]{1,12}");
  private static final Pattern SYMBOL = Pattern.compile("[A-Z0-9_-]{1,20}");
  private static final int MAX_SCALE = 18;

  /** The most minor units of one asset that may exist: 2^61 - 1, see depositOverflows. */
  static final long MAX_SUPPLY = Long.MAX_VALUE / 4;

  final ExchangeConfig config;
  final EventDetail detail;
  final FeeModel feeModel;
  final Asset[] assets;
  final Map<String, Asset> assetsByCode = new HashMap<>();
  final Book[] books;
  final Map<String, Book> booksBySymbol = new HashMap<>();
  final KeyedIndex.Users users;
  final KeyedIndex.Orders openOrders;
  final KeyedIndex.Withdrawals withdrawals;
  final Ledger ledger;
  final CommandMemory memory;

  /** Every order object this engine created; the book's and users' links resolve through it. */
  final OrderHandles orderHandles = new OrderHandles();

  /** Handles of ended orders ready for reuse: ints, so recycling stores no reference. */
  private int[] orderPool = new int[256];

  private int pooledOrders;
  FeeSchedule feeSchedule = FeeSchedule.FREE;

  /** Length of every user's account arrays: the highest defined asset id + 1. */
  int assetSlots = 1;

  long sequence;
  long timestampMs;
  long nextOrderId = 1;
  long nextTradeId = 1;
  long nextWithdrawalId = 1;

  // Per-command scratch state, reset by apply().
  private long commandId;

  /** The events of the command being applied: reused, so a command allocates only its result. */
  private ExchangeEvent[] events = new ExchangeEvent[16];

  private int eventCount;
  private long resultOrderId;
  private static final OrderStatus[] ORDER_STATUSES = OrderStatus.values();

  // The command's order status as an ordinal, -1 for none: an enum stored into this long-lived
  // object on every order command would cost a GC write barrier each time.
  private int resultStatus = -1;
  private long resultWithdrawalId;
  private String resultMessage;
  private UserState[] touchedUsers = new UserState[16];
  private int[] touchedAssets = new int[16];
  private int touchedCount;

  Engine(ExchangeConfig config) {
    this.config = config;
    this.detail = config.eventDetail();
    this.feeModel = config.feeModel();
    this.assets = new Asset[config.maxAssets() + 1];
    this.books = new Book[config.maxInstruments() + 1];
    this.users = new KeyedIndex.Users(1024);
    this.openOrders = new KeyedIndex.Orders(4096);
    this.withdrawals = new KeyedIndex.Withdrawals(64);
    this.ledger = new Ledger(config.maxAssets());
    this.memory = new CommandMemory(config.idempotencyWindow());
  }

  // ---------------------------------------------------------------------------------------------
  // Dispatch

  @Override
  public CommandResult apply(long timestampMs, Command command) {
    if (command == null) {
      throw new ExchangeException("command must not be null");
    }
    if (timestampMs < this.timestampMs) {
      throw new ExchangeException(
          "timestampMs must not go backwards: " + timestampMs + " < " + this.timestampMs);
    }
    sequence++;
    this.timestampMs = timestampMs;
    commandId = command.commandId();
    if (commandId <= 0) {
      return new CommandResult(
          sequence,
          timestampMs,
          commandId,
          RejectReason.INVALID_COMMAND_ID,
          null,
          0,
          null,
          0,
          false,
          List.of());
    }
    int remembered = memory.find(commandId);
    if (remembered >= 0) {
      return memory.duplicateResult(remembered, timestampMs);
    }
    eventCount = 0;
    resultOrderId = 0;
    resultStatus = -1;
    resultWithdrawalId = 0;
    resultMessage = null;
    touchedCount = 0;

    RejectReason reject = dispatch(command);

    if (reject != null && resultStatus < 0 && command instanceof Command.PlaceOrder) {
      resultStatus = OrderStatus.REJECTED.ordinal();
    }
    emitBalanceChanges();
    OrderStatus status = resultStatus < 0 ? null : ORDER_STATUSES[resultStatus];
    memory.remember(commandId, sequence, reject, resultOrderId, status, resultWithdrawalId);
    List<ExchangeEvent> taken = takeEvents();
    List<ExchangeEvent> produced = reject != null ? List.of() : taken;
    return new CommandResult(
        sequence,
        timestampMs,
        commandId,
        reject,
        resultMessage,
        resultOrderId,
        status,
        resultWithdrawalId,
        false,
        produced);
  }

  private RejectReason dispatch(Command command) {
    // Ordered by frequency on a busy venue.
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
      return addUser((Command.AddUser) command);
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
    throw new ExchangeException("unknown command type " + command.getClass().getName());
  }

  // ---------------------------------------------------------------------------------------------
  // Reference data

  private RejectReason defineAsset(Command.DefineAsset c) {
    if (c.assetId() <= 0) {
      return invalidDefinition("assetId must be positive, was " + c.assetId());
    }
    if (!ASSET_CODE.matcher(c.code()).matches()) {
      return invalidDefinition("code must be 1 to 12 of [A-Z0-9], was '" + c.code() + "'");
    }
    if (c.scale() < 0 || c.scale() > MAX_SCALE) {
      return invalidDefinition("scale must be 0.." + MAX_SCALE + ", was " + c.scale());
    }
    if (assetsByCode.containsKey(c.code())
        || (c.assetId() < assets.length && assets[c.assetId()] != null)) {
      return RejectReason.DUPLICATE_ASSET;
    }
    if (c.assetId() >= assets.length) {
      return RejectReason.TOO_MANY_ASSETS;
    }
    Asset asset = new Asset(c.assetId(), c.code(), c.scale());
    assets[c.assetId()] = asset;
    assetsByCode.put(c.code(), asset);
    if (c.assetId() >= assetSlots) {
      // Users' account arrays cover the defined ids only, so a venue with few assets and many
      // users stays small; a new id grows them once (definitions are rare).
      assetSlots = c.assetId() + 1;
      users.forEachValue(user -> user.growAssets(assetSlots));
    }
    return null;
  }

  private RejectReason defineInstrument(InstrumentSpec spec) {
    int id = spec.instrumentId();
    if (id <= 0) {
      return invalidDefinition("instrumentId must be positive, was " + id);
    }
    if (!SYMBOL.matcher(spec.symbol()).matches()) {
      return invalidDefinition("symbol must be 1 to 20 of [A-Z0-9_-], was '" + spec.symbol() + "'");
    }
    try {
      InstrumentRules.checkSteps(spec);
    } catch (IllegalArgumentException | ArithmeticException invalid) {
      return invalidDefinition(invalid.getMessage());
    }
    Asset base = asset(spec.baseAssetId()).orElse(null);
    Asset quote = asset(spec.quoteAssetId()).orElse(null);
    if (base == null || quote == null) {
      return RejectReason.UNKNOWN_ASSET;
    }
    if (booksBySymbol.containsKey(spec.symbol()) || (id < books.length && books[id] != null)) {
      return RejectReason.DUPLICATE_INSTRUMENT;
    }
    if (id >= books.length) {
      return RejectReason.TOO_MANY_INSTRUMENTS;
    }
    Instrument derived;
    try {
      derived = InstrumentRules.derive(spec, base, quote);
    } catch (IllegalArgumentException | ArithmeticException invalid) {
      return invalidDefinition(invalid.getMessage());
    }
    Book book = new Book(spec, derived);
    books[id] = book;
    booksBySymbol.put(spec.symbol(), book);
    return null;
  }

  private RejectReason invalidDefinition(String message) {
    resultMessage = message;
    return RejectReason.INVALID_DEFINITION;
  }

  private RejectReason setInstrumentStatus(Command.SetInstrumentStatus c) {
    Book book = book(c.instrumentId());
    if (book == null) {
      return RejectReason.UNKNOWN_INSTRUMENT;
    }
    book.status = c.status();
    if (detail.includes(EventDetail.FULL)) {
      emit(new ExchangeEvent.InstrumentStatusChanged(book.instrumentId, c.status()));
    }
    return null;
  }

  private RejectReason setInstrumentFees(Command.SetInstrumentFees c) {
    if (c.rates() != null && !c.rates().isValid()) {
      return RejectReason.INVALID_FEE_SCHEDULE;
    }
    Book book = book(c.instrumentId());
    if (book == null) {
      return RejectReason.UNKNOWN_INSTRUMENT;
    }
    book.feeOverride = c.rates();
    return null;
  }

  private RejectReason setFeeSchedule(FeeSchedule schedule) {
    if (!schedule.isValid()) {
      return RejectReason.INVALID_FEE_SCHEDULE;
    }
    boolean volumeAssetNeeded = schedule.tiers().size() > 1 || schedule.volumeAssetId() != 0;
    if (volumeAssetNeeded && asset(schedule.volumeAssetId()).isEmpty()) {
      return RejectReason.UNKNOWN_ASSET;
    }
    feeSchedule = schedule;
    return null;
  }

  private RejectReason assignFeeTier(Command.AssignFeeTier c) {
    UserState user = users.get(c.userId());
    if (user == null) {
      return RejectReason.UNKNOWN_USER;
    }
    if (c.tier() < -1 || c.tier() >= feeSchedule.tiers().size()) {
      return RejectReason.UNKNOWN_FEE_TIER;
    }
    user.assignedTier = c.tier();
    return null;
  }

  // ---------------------------------------------------------------------------------------------
  // Users and money movements

  private RejectReason addUser(Command.AddUser c) {
    if (c.userId() <= 0) {
      return RejectReason.INVALID_USER_ID;
    }
    if (users.get(c.userId()) != null) {
      return RejectReason.DUPLICATE_USER;
    }
    if (users.size() >= config.maxUsers()) {
      return RejectReason.TOO_MANY_USERS;
    }
    users.add(new UserState(c.userId(), assetSlots));
    return null;
  }

  private RejectReason deposit(Command.Deposit c) {
    if (c.amount() <= 0) {
      return RejectReason.INVALID_AMOUNT;
    }
    UserState user = users.get(c.userId());
    if (user == null) {
      return RejectReason.UNKNOWN_USER;
    }
    if (!isAsset(c.assetId())) {
      return RejectReason.UNKNOWN_ASSET;
    }
    if (depositOverflows(c.assetId(), c.amount())) {
      return RejectReason.AMOUNT_OVERFLOW;
    }
    ledger.begin(EntryKind.DEPOSIT);
    ledger.move(null, AccountKind.EXTERNAL, user, AccountKind.AVAILABLE, c.assetId(), c.amount());
    commitEntry();
    return null;
  }

  private RejectReason transfer(Command.Transfer c) {
    if (c.amount() <= 0) {
      return RejectReason.INVALID_AMOUNT;
    }
    if (c.fromUserId() == c.toUserId()) {
      return RejectReason.INVALID_USER_ID;
    }
    UserState from = users.get(c.fromUserId());
    UserState to = users.get(c.toUserId());
    if (from == null || to == null) {
      return RejectReason.UNKNOWN_USER;
    }
    if (!isAsset(c.assetId())) {
      return RejectReason.UNKNOWN_ASSET;
    }
    if (from.available[c.assetId()] < c.amount()) {
      return RejectReason.INSUFFICIENT_FUNDS;
    }
    if (wouldOverflow(to.available[c.assetId()], to.held[c.assetId()], c.amount())) {
      return RejectReason.AMOUNT_OVERFLOW;
    }
    ledger.begin(EntryKind.TRANSFER);
    ledger.move(from, AccountKind.AVAILABLE, to, AccountKind.AVAILABLE, c.assetId(), c.amount());
    commitEntry();
    return null;
  }

  private RejectReason requestWithdrawal(Command.RequestWithdrawal c) {
    if (c.amount() <= 0) {
      return RejectReason.INVALID_AMOUNT;
    }
    UserState user = users.get(c.userId());
    if (user == null) {
      return RejectReason.UNKNOWN_USER;
    }
    if (!isAsset(c.assetId())) {
      return RejectReason.UNKNOWN_ASSET;
    }
    if (user.available[c.assetId()] < c.amount()) {
      return RejectReason.INSUFFICIENT_FUNDS;
    }
    if (withdrawals.size() >= config.maxPendingWithdrawals()) {
      return RejectReason.TOO_MANY_PENDING_WITHDRAWALS;
    }
    long id = nextWithdrawalId++;
    withdrawals.add(new Withdrawal(id, user.userId, c.assetId(), c.amount()));
    ledger.begin(EntryKind.WITHDRAWAL_REQUEST);
    ledger.move(user, AccountKind.AVAILABLE, user, AccountKind.HELD, c.assetId(), c.amount());
    commitEntry();
    resultWithdrawalId = id;
    return null;
  }

  private RejectReason finishWithdrawal(long withdrawalId, boolean complete) {
    Withdrawal w = withdrawalId > 0 ? withdrawals.remove(withdrawalId) : null;
    if (w == null) {
      return RejectReason.UNKNOWN_WITHDRAWAL;
    }
    UserState user = users.get(w.userId());
    ledger.begin(complete ? EntryKind.WITHDRAWAL_COMPLETE : EntryKind.WITHDRAWAL_CANCEL);
    if (complete) {
      ledger.move(user, AccountKind.HELD, null, AccountKind.EXTERNAL, w.assetId(), w.amount());
    } else {
      ledger.move(user, AccountKind.HELD, user, AccountKind.AVAILABLE, w.assetId(), w.amount());
    }
    commitEntry();
    resultWithdrawalId = withdrawalId;
    return null;
  }

  /**
   * Whether a deposit would take the asset's supply, {@code -(EXTERNAL + FEES)}, past {@link
   * #MAX_SUPPLY}. Every user account is at most the supply, and the supply grows otherwise only by
   * maker rebates paid out of FEES, so this headroom of three quarters of the {@code long} range
   * keeps every account representable: an overflow is a rejected deposit, never a broken entry.
   */
  private boolean depositOverflows(int assetId, long amount) {
    try {
      long external = Math.subtractExact(ledger.external[assetId], amount);
      long supply = Math.negateExact(Math.addExact(external, ledger.fees[assetId]));
      return supply > MAX_SUPPLY;
    } catch (ArithmeticException overflow) {
      return true;
    }
  }

  private static boolean wouldOverflow(long available, long held, long amount) {
    long total = available + held;
    return total < 0 || total + amount < 0;
  }

  // ---------------------------------------------------------------------------------------------
  // Orders: placement

  private RejectReason placeOrder(Command.PlaceOrder c) {
    RejectReason invalid = OrderRules.validateShape(c);
    if (invalid != null) {
      return invalid;
    }
    UserState user = users.get(c.userId());
    if (user == null) {
      return RejectReason.UNKNOWN_USER;
    }
    Book book = book(c.instrumentId());
    if (book == null) {
      return RejectReason.UNKNOWN_INSTRUMENT;
    }
    if (c.clientOrderId() != null && user.openByClientOrderId(c.clientOrderId()) != null) {
      return RejectReason.DUPLICATE_CLIENT_ORDER_ID;
    }
    RejectReason filtered = OrderRules.checkFilters(c, book);
    if (filtered != null) {
      return filtered;
    }
    if (book.status == InstrumentStatus.HALTED) {
      return RejectReason.INSTRUMENT_HALTED;
    }
    boolean buy = c.side() == Side.BUY;
    if (c.type() == OrderType.LIMIT_MAKER && crossesOpposite(book, buy, c.priceTicks())) {
      return RejectReason.POST_ONLY_WOULD_TAKE;
    }
    if (c.type().isConditional()
        && book.lastPriceTicks != 0
        && OrderRules.triggers(c.type(), buy, c.stopPriceTicks(), book.lastPriceTicks)) {
      return RejectReason.STOP_WOULD_TRIGGER_IMMEDIATELY;
    }
    if (c.quoteAmount() > book.notional(book.maxPriceTicks, book.maxQuantityLots)) {
      return RejectReason.AMOUNT_OVERFLOW;
    }
    FeeRates rates = feeModel.rates(feeSchedule, tierOf(user), book.feeOverride);
    if (rates == null || !rates.isValid()) {
      throw new ExchangeException("the fee model returned invalid rates " + rates);
    }
    long hold = holdFor(c, book, user, rates);
    if (hold < 0) {
      return hold == -2 ? RejectReason.AMOUNT_OVERFLOW : RejectReason.INSUFFICIENT_FUNDS;
    }
    if ((mayRest(c.type(), c.timeInForce()) || c.type().isConditional())
        && user.openCount >= config.maxOpenOrdersPerUser()) {
      // IOC, FOK and market orders never stay open, so a user at the bound can still reduce.
      return RejectReason.TOO_MANY_OPEN_ORDERS;
    }
    if (c.type().isConditional() && book.stopCount >= config.maxStopOrdersPerInstrument()) {
      return RejectReason.TOO_MANY_STOP_ORDERS;
    }
    if (mayRest(c.type(), c.timeInForce())
        && !c.type().isConditional()
        && book.restingOrders >= config.maxOrdersPerBook()
        && fillableLots(book, buy, c.priceTicks(), user, stpOf(c, book), c.quantityLots(), true)
            < c.quantityLots()) {
      // Only an order that would rest is refused; one that trades completely, or that self-trade
      // prevention ends, never needs room.
      return RejectReason.BOOK_FULL;
    }

    Order order = newOrder(c, user, book, rates);
    resultOrderId = order.orderId;
    if (c.timeInForce() == TimeInForce.FOK
        && !c.type().isConditional()
        && fillableLots(order) < order.quantityLots) {
      // Fill or kill with no partial trace: no hold, no trade, no ledger entry.
      order.status(OrderStatus.EXPIRED);
      emitOrder(order);
      resultStatus = OrderStatus.EXPIRED.ordinal();
      recycle(order);
      return null;
    }
    open(order, hold);
    if (order.type().isConditional()) {
      book.addStop(order);
      resultStatus = order.status().ordinal();
      return null;
    }
    execute(order, false);
    triggerStops(book);
    return null;
  }

  /**
   * The amount to hold for a new order, or -1 when the user cannot afford it, or -2 when it cannot
   * be represented.
   */
  private long holdFor(Command.PlaceOrder c, Book book, UserState user, FeeRates rates) {
    boolean buy = c.side() == Side.BUY;
    long available = buy ? user.available[book.quoteAssetId] : user.available[book.baseAssetId];
    long feePpm = Fees.worstCasePpm(rates.makerPpm(), rates.takerPpm());
    long wanted;
    boolean mustHoldAll;
    if (c.type().hasLimitPrice()) {
      mustHoldAll = true;
      wanted =
          buy
              ? Fees.holdFor(book.notional(c.priceTicks(), c.quantityLots()), feePpm)
              : Math.multiplyExact(c.quantityLots(), book.baseMinorPerLot);
    } else if (buy) {
      // A market buy by quantity has no price to hold for: it holds what the user has.
      mustHoldAll = c.type().isConditional();
      wanted = c.quoteAmount() > 0 ? Fees.holdFor(c.quoteAmount(), rates.takerPpm()) : available;
    } else {
      mustHoldAll = c.type().isConditional();
      wanted =
          c.quantityLots() > 0
              ? Math.multiplyExact(c.quantityLots(), book.baseMinorPerLot)
              : available;
    }
    if (wanted < 0) {
      return -2;
    }
    if (mustHoldAll) {
      return available >= wanted ? wanted : -1;
    }
    long hold = Math.min(available, wanted);
    long smallest = buy ? 1 : book.baseMinorPerLot;
    return hold >= smallest ? hold : -1;
  }

  private static boolean mayRest(OrderType type, TimeInForce tif) {
    return type.hasLimitPrice() && tif == TimeInForce.GTC;
  }

  private Order newOrder(Command.PlaceOrder c, UserState user, Book book, FeeRates rates) {
    Order order =
        pooledOrders > 0 ? orderHandles.get(orderPool[--pooledOrders]) : new Order(orderHandles);
    order.orderId = nextOrderId++;
    order.clientOrderId = c.clientOrderId();
    order.user = user;
    order.book = book;
    order.buy = c.side() == Side.BUY;
    order.type(c.type());
    order.timeInForce(c.timeInForce());
    order.stp(stpOf(c, book));
    order.status(OrderStatus.NEW);
    order.priceTicks = c.priceTicks();
    order.stopPriceTicks = c.stopPriceTicks();
    order.quantityLots = c.quantityLots();
    order.quoteAmount = c.quoteAmount();
    order.makerPpm = rates.makerPpm();
    order.takerPpm = rates.takerPpm();
    return order;
  }

  private static SelfTradePrevention stpOf(Command.PlaceOrder c, Book book) {
    return c.selfTradePrevention() != null
        ? c.selfTradePrevention()
        : book.spec.defaultSelfTradePrevention();
  }

  /** Registers an accepted order and moves its hold AVAILABLE -> HELD. */
  private void open(Order order, long hold) {
    openOrders.add(order);
    order.user.addOpen(order);
    int asset = order.buy ? order.book.quoteAssetId : order.book.baseAssetId;
    order.hold = hold;
    ledger.begin(EntryKind.ORDER_HOLD);
    ledger.move(order.user, AccountKind.AVAILABLE, order.user, AccountKind.HELD, asset, hold);
    commitEntry();
    emitOrder(order);
  }

  /**
   * Matches a taker order, then rests its remainder or ends it.
   *
   * @param announce whether to report the order's state when it rests unfilled (an order that was
   *     just accepted has been reported as NEW already)
   */
  private void execute(Order order, boolean announce) {
    if (order.triggered
        && order.timeInForce() == TimeInForce.FOK
        && fillableLots(order) < order.quantityLots) {
      endOrder(order, OrderStatus.EXPIRED);
      return;
    }
    boolean quoteExhausted = match(order);
    if (order.expiredInMatch) {
      endOrder(order, OrderStatus.EXPIRED_IN_MATCH);
    } else if (!order.byQuote() && order.remainingLots() == 0) {
      endOrder(order, OrderStatus.FILLED);
    } else if (order.byQuote() && quoteExhausted) {
      endOrder(order, OrderStatus.FILLED);
    } else if (mayRest(order.type(), order.timeInForce())) {
      if (order.book.restingOrders >= config.maxOrdersPerBook()) {
        endOrder(order, OrderStatus.EXPIRED);
      } else {
        rest(order, announce || order.filledLots > 0);
        if (order.orderId == resultOrderId) {
          resultStatus = order.status().ordinal();
        }
      }
    } else {
      endOrder(order, OrderStatus.EXPIRED);
    }
  }

  /**
   * Matches the taker against the opposite side in price-time priority.
   *
   * @return for a market order by quote amount, whether the amount is used up (less than a lot's
   *     worth remains at the price where matching stopped)
   */
  private boolean match(Order taker) {
    Book book = taker.book;
    BookSide opposite = book.side(!taker.buy);
    boolean market = taker.marketLike();
    while (!opposite.isEmpty() && (taker.byQuote() || taker.remainingLots() > 0)) {
      PriceLevel level = opposite.best();
      long price = level.priceTicks;
      if (!market && (taker.buy ? price > taker.priceTicks : price < taker.priceTicks)) {
        return false;
      }
      Order maker = level.head(orderHandles);
      while (maker != null && (taker.byQuote() || taker.remainingLots() > 0)) {
        Order nextMaker = maker.next();
        if (maker.user == taker.user && taker.stp() != SelfTradePrevention.NONE) {
          if (taker.stp().expiresMaker()) {
            removeFromBook(maker);
            endOrder(maker, OrderStatus.EXPIRED_IN_MATCH);
          }
          if (taker.stp().expiresTaker()) {
            taker.expiredInMatch = true;
            return false;
          }
          maker = nextMaker;
          continue;
        }
        long lots = market ? marketLots(taker, price, maker.remainingLots()) : 0;
        if (!market) {
          lots = Math.min(taker.remainingLots(), maker.remainingLots());
        }
        if (lots == 0) {
          // Out of funds, or a quote amount smaller than one lot at this price: an order that
          // bought nothing at all expires rather than counting as filled.
          return taker.byQuote()
              && taker.filledLots > 0
              && quoteLeft(taker) < book.notional(price, 1);
        }
        trade(maker, taker, price, lots);
        // A maker left with quantity means the taker could not take it all (funds or amount):
        // stay on it, so the taker stops here instead of reaching the orders behind it.
        maker = maker.remainingLots() > 0 ? maker : nextMaker;
      }
    }
    return taker.byQuote() && quoteLeft(taker) == 0;
  }

  /** How many lots a market taker can take from a maker at this price, given funds and amount. */
  private long marketLots(Order taker, long priceTicks, long makerLots) {
    Book book = taker.book;
    long unit = book.notional(priceTicks, 1);
    long lots = taker.byQuote() ? quoteLeft(taker) / unit : taker.remainingLots();
    lots = Math.min(lots, makerLots);
    if (!taker.buy) {
      return Math.min(lots, taker.hold / book.baseMinorPerLot);
    }
    lots = Math.min(lots, taker.hold / unit);
    if (lots == 0 || buyCost(taker, unit, lots) <= taker.hold) {
      return lots;
    }
    long lo = 0;
    long hi = lots;
    while (lo < hi) {
      long mid = (lo + hi + 1) >>> 1;
      if (buyCost(taker, unit, mid) <= taker.hold) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  private static long buyCost(Order taker, long unit, long lots) {
    long notional = unit * lots;
    return notional + Math.max(0, Fees.charge(taker.cumTakerNotional, notional, taker.takerPpm));
  }

  private static long quoteLeft(Order order) {
    return order.quoteAmount - order.cumulativeQuote;
  }

  /** One trade: base from seller to buyer, quote from buyer to seller, fees to FEES; one entry. */
  private void trade(Order maker, Order taker, long priceTicks, long lots) {
    Book book = taker.book;
    long notional = book.notional(priceTicks, lots);
    long baseAmount = Math.multiplyExact(lots, book.baseMinorPerLot);
    long makerFee = Fees.charge(maker.cumMakerNotional, notional, maker.makerPpm);
    long takerFee = Fees.charge(taker.cumTakerNotional, notional, taker.takerPpm);
    maker.cumMakerNotional += notional;
    taker.cumTakerNotional += notional;
    Order buyer = taker.buy ? taker : maker;
    Order seller = taker.buy ? maker : taker;
    long buyerFee = taker.buy ? takerFee : makerFee;
    long sellerFee = taker.buy ? makerFee : takerFee;

    ledger.begin(EntryKind.TRADE);
    ledger.move(
        seller.user,
        AccountKind.HELD,
        buyer.user,
        AccountKind.AVAILABLE,
        book.baseAssetId,
        baseAmount);
    long buyerPays = notional + Math.max(0, buyerFee);
    ledger.post(buyer.user, AccountKind.HELD, book.quoteAssetId, -buyerPays);
    ledger.post(seller.user, AccountKind.AVAILABLE, book.quoteAssetId, notional - sellerFee);
    ledger.post(null, AccountKind.FEES, book.quoteAssetId, buyerFee + sellerFee);
    ledger.post(buyer.user, AccountKind.AVAILABLE, book.quoteAssetId, Math.max(0, -buyerFee));
    commitEntry();
    buyer.hold -= buyerPays;
    seller.hold -= baseAmount;

    fill(maker, lots, notional, makerFee);
    fill(taker, lots, notional, takerFee);
    maker.level.totalLots -= lots;
    book.lastPriceTicks = priceTicks;
    if (book.stopCount > 0) {
      book.collectTriggered(priceTicks);
    }
    long day = Math.floorDiv(timestampMs, DAY_MS);
    if (book.quoteAssetId == feeSchedule.volumeAssetId()) {
      // A self-trade counts once: trading with oneself must not buy a better tier twice as fast.
      maker.user.addVolume(day, notional);
      if (taker.user != maker.user) {
        taker.user.addVolume(day, notional);
      }
    }
    if (detail.includes(EventDetail.TRADES)) {
      emit(
          new ExchangeEvent.Trade(
              nextTradeId,
              book.instrumentId,
              priceTicks,
              lots,
              notional,
              maker.orderId,
              taker.orderId,
              maker.user.userId,
              taker.user.userId,
              taker.side(),
              makerFee,
              takerFee));
    }
    nextTradeId++;
    if (maker.remainingLots() == 0) {
      removeFromBook(maker);
      endOrder(maker, OrderStatus.FILLED);
    } else {
      emitBookDelta(book, maker.buy, maker.level);
      maker.status(OrderStatus.PARTIALLY_FILLED);
      emitOrder(maker);
    }
    taker.status(OrderStatus.PARTIALLY_FILLED);
  }

  private static void fill(Order order, long lots, long notional, long fee) {
    order.filledLots += lots;
    order.cumulativeQuote += notional;
    order.feesPaid += fee;
  }

  private long fillableLots(Order taker) {
    return fillableLots(
        taker.book,
        taker.buy,
        taker.priceTicks,
        taker.user,
        taker.stp(),
        taker.quantityLots,
        false);
  }

  /**
   * How many lots a limit order could take right now, stopping early once it has {@code need}: for
   * FOK, and to see whether an order would rest on a full book.
   *
   * @param stpEndCountsAsAll report {@code need} when self-trade prevention would end the order at
   *     one of the user's own orders (it will not rest), rather than what it found before it
   */
  private long fillableLots(
      Book book,
      boolean buy,
      long priceTicks,
      UserState user,
      SelfTradePrevention stp,
      long need,
      boolean stpEndCountsAsAll) {
    BookSide opposite = book.side(!buy);
    long found = 0;
    for (int i = opposite.bestIndex(); i >= 0 && found < need; i = opposite.worse(i)) {
      PriceLevel level = opposite.at(i);
      if (buy ? level.priceTicks > priceTicks : level.priceTicks < priceTicks) {
        break;
      }
      for (Order maker = level.head(orderHandles);
          maker != null && found < need;
          maker = maker.next()) {
        if (maker.user == user && stp != SelfTradePrevention.NONE) {
          if (stp.expiresTaker()) {
            return stpEndCountsAsAll ? need : found;
          }
          continue;
        }
        found += maker.remainingLots();
      }
    }
    return found;
  }

  private void rest(Order order, boolean announce) {
    PriceLevel level = order.book.side(order.buy).getOrCreate(order.priceTicks);
    level.append(order);
    order.book.restingOrders++;
    emitBookDelta(order.book, order.buy, level);
    if (order.filledLots > 0) {
      order.status(OrderStatus.PARTIALLY_FILLED);
    }
    if (announce) {
      emitOrder(order);
    }
  }

  /** Takes a resting order off its level (its remaining quantity leaves the level total). */
  private void removeFromBook(Order order) {
    PriceLevel level = order.level;
    Book book = order.book;
    level.totalLots -= order.remainingLots();
    level.unlink(order);
    book.restingOrders--;
    emitBookDelta(book, order.buy, level);
    if (level.orderCount == 0) {
      book.side(order.buy).remove(level);
    }
  }

  /** Ends an open order: releases its hold, unregisters it, reports it and recycles the node. */
  private void endOrder(Order order, OrderStatus status) {
    order.status(status);
    if (order.hold > 0) {
      int asset = order.buy ? order.book.quoteAssetId : order.book.baseAssetId;
      ledger.begin(EntryKind.ORDER_RELEASE);
      ledger.move(
          order.user, AccountKind.HELD, order.user, AccountKind.AVAILABLE, asset, order.hold);
      commitEntry();
      order.hold = 0;
    }
    openOrders.remove(order.orderId);
    order.user.removeOpen(order);
    emitOrder(order);
    if (order.orderId == resultOrderId) {
      resultStatus = status.ordinal();
    }
    recycle(order);
  }

  private void recycle(Order order) {
    order.clear();
    if (pooledOrders == orderPool.length) {
      orderPool = java.util.Arrays.copyOf(orderPool, pooledOrders * 2);
    }
    orderPool[pooledOrders++] = order.handle;
  }

  /**
   * Executes the conditional orders that trades triggered, first triggered first (acceptance order
   * for one trade), until no trade triggers more.
   */
  private void triggerStops(Book book) {
    Order stop;
    while ((stop = book.nextTriggered()) != null) {
      stop.triggered = true;
      if (detail.includes(EventDetail.ORDERS)) {
        emit(
            new ExchangeEvent.StopTriggered(
                stop.orderId, book.instrumentId, stop.triggerPriceTicks));
      }
      execute(stop, true);
    }
  }

  private static boolean crossesOpposite(Book book, boolean buy, long priceTicks) {
    PriceLevel best = book.side(!buy).best();
    return best != null && (buy ? best.priceTicks <= priceTicks : best.priceTicks >= priceTicks);
  }

  private int tierOf(UserState user) {
    int tiers = feeSchedule.tiers().size();
    if (user.assignedTier >= 0) {
      return Math.min(user.assignedTier, tiers - 1);
    }
    return tiers == 1 ? 0 : feeSchedule.tierFor(user.volume30d(Math.floorDiv(timestampMs, DAY_MS)));
  }

  // ---------------------------------------------------------------------------------------------
  // Orders: cancel and amend

  private Order findOwnOrder(UserState user, long orderId, String clientOrderId) {
    Order order =
        orderId != 0
            ? openOrders.get(orderId)
            : clientOrderId == null ? null : user.openByClientOrderId(clientOrderId);
    return order != null && order.user == user ? order : null;
  }

  private RejectReason cancelOrder(Command.CancelOrder c) {
    UserState user = users.get(c.userId());
    if (user == null) {
      return RejectReason.UNKNOWN_USER;
    }
    Order order = findOwnOrder(user, c.orderId(), c.clientOrderId());
    if (order == null) {
      return RejectReason.UNKNOWN_ORDER;
    }
    resultOrderId = order.orderId;
    cancel(order);
    return null;
  }

  private void cancel(Order order) {
    if (order.level != null) {
      removeFromBook(order);
    } else if (order.type().isConditional() && !order.triggered) {
      order.book.removeStop(order);
    }
    endOrder(order, OrderStatus.CANCELED);
  }

  private RejectReason cancelAll(Command.CancelAll c) {
    UserState user = users.get(c.userId());
    if (user == null) {
      return RejectReason.UNKNOWN_USER;
    }
    if (c.instrumentId() != 0 && book(c.instrumentId()) == null) {
      return RejectReason.UNKNOWN_INSTRUMENT;
    }
    Order order = user.openHead(orderHandles);
    while (order != null) {
      Order next = order.userNext();
      if (c.instrumentId() == 0 || order.book.instrumentId == c.instrumentId()) {
        cancel(order);
      }
      order = next;
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
    UserState user = users.get(c.userId());
    if (user == null) {
      return RejectReason.UNKNOWN_USER;
    }
    Order order = findOwnOrder(user, c.orderId(), c.clientOrderId());
    if (order == null) {
      return RejectReason.UNKNOWN_ORDER;
    }
    resultOrderId = order.orderId;
    if (order.level == null) {
      // Waiting conditional orders are not on the book; cancel and place them again instead.
      return RejectReason.ORDER_NOT_AMENDABLE;
    }
    Book book = order.book;
    long price = c.newPriceTicks() == 0 ? order.priceTicks : c.newPriceTicks();
    long quantity = c.newQuantityLots() == 0 ? order.quantityLots : c.newQuantityLots();
    if (quantity <= order.filledLots) {
      return RejectReason.INVALID_QUANTITY;
    }
    RejectReason filtered = OrderRules.checkAmendFilters(book, price, quantity);
    if (filtered != null) {
      return filtered;
    }
    if (book.status == InstrumentStatus.HALTED) {
      return RejectReason.INSTRUMENT_HALTED;
    }
    if (price == order.priceTicks && quantity == order.quantityLots) {
      return RejectReason.AMEND_NOT_A_CHANGE;
    }
    if (order.type() == OrderType.LIMIT_MAKER
        && price != order.priceTicks
        && crossesOpposite(book, order.buy, price)) {
      return RejectReason.POST_ONLY_WOULD_TAKE;
    }
    long remaining = quantity - order.filledLots;
    long newHold =
        order.buy
            ? Fees.holdFor(
                book.notional(price, remaining), Fees.worstCasePpm(order.makerPpm, order.takerPpm))
            : Math.multiplyExact(remaining, book.baseMinorPerLot);
    int asset = order.buy ? book.quoteAssetId : book.baseAssetId;
    if (price == order.priceTicks && quantity < order.quantityLots) {
      // Fees rounded up on earlier fills can leave less held than a fresh hold would take; a
      // smaller quantity can only cost less, so it never asks for more.
      newHold = Math.min(newHold, order.hold);
    }
    long extra = newHold - order.hold;
    if (extra > order.user.available[asset]) {
      return RejectReason.INSUFFICIENT_FUNDS;
    }
    ledger.begin(extra > 0 ? EntryKind.ORDER_HOLD : EntryKind.ORDER_RELEASE);
    if (extra > 0) {
      ledger.move(order.user, AccountKind.AVAILABLE, order.user, AccountKind.HELD, asset, extra);
    } else {
      ledger.move(order.user, AccountKind.HELD, order.user, AccountKind.AVAILABLE, asset, -extra);
    }
    commitEntry();
    order.hold = newHold;

    if (price == order.priceTicks && quantity < order.quantityLots) {
      // A smaller quantity keeps the order's place in the queue.
      order.level.totalLots -= order.quantityLots - quantity;
      order.quantityLots = quantity;
      emitBookDelta(book, order.buy, order.level);
      emitOrder(order);
      resultStatus = order.status().ordinal();
      return null;
    }
    // A new price or a larger quantity: the order goes to the back, and may trade first.
    removeFromBook(order);
    order.priceTicks = price;
    order.quantityLots = quantity;
    execute(order, true);
    if (order.orderId == resultOrderId && order.level != null) {
      resultStatus = order.status().ordinal();
    }
    triggerStops(book);
    return null;
  }

  // ---------------------------------------------------------------------------------------------
  // Events

  private void commitEntry() {
    ExchangeEvent.LedgerEntry entry =
        ledger.commit(sequence, commandId, detail.includes(EventDetail.FULL));
    if (entry != null) {
      emit(entry);
    }
    if (detail.includes(EventDetail.FULL)) {
      for (int i = 0; i < ledger.postingCount(); i++) {
        long userId = ledger.postingUserId(i);
        if (userId != 0) {
          touch(users.get(userId), ledger.postingAsset(i));
        }
      }
    }
  }

  private void touch(UserState user, int assetId) {
    for (int i = 0; i < touchedCount; i++) {
      if (touchedUsers[i] == user && touchedAssets[i] == assetId) {
        return;
      }
    }
    if (touchedCount == touchedUsers.length) {
      touchedUsers = java.util.Arrays.copyOf(touchedUsers, touchedCount * 2);
      touchedAssets = java.util.Arrays.copyOf(touchedAssets, touchedCount * 2);
    }
    touchedUsers[touchedCount] = user;
    touchedAssets[touchedCount] = assetId;
    touchedCount++;
  }

  private void emitBalanceChanges() {
    for (int i = 0; i < touchedCount; i++) {
      UserState user = touchedUsers[i];
      int asset = touchedAssets[i];
      emit(
          new ExchangeEvent.BalanceChanged(
              user.userId, asset, user.available[asset], user.held[asset]));
      touchedUsers[i] = null;
    }
    touchedCount = 0;
  }

  private void emit(ExchangeEvent event) {
    if (eventCount == events.length) {
      events = java.util.Arrays.copyOf(events, eventCount * 2);
    }
    events[eventCount++] = event;
  }

  /**
   * The command's events as an immutable list, and the buffer cleared. One or two events (most
   * commands) need no array; the immutable lists also keep callers' {@code get} calls bimorphic.
   */
  private List<ExchangeEvent> takeEvents() {
    int n = eventCount;
    List<ExchangeEvent> taken;
    if (n == 0) {
      return List.of();
    } else if (n == 1) {
      taken = List.of(events[0]);
    } else if (n == 2) {
      taken = List.of(events[0], events[1]);
    } else {
      taken = List.of(java.util.Arrays.copyOf(events, n));
    }
    java.util.Arrays.fill(events, 0, n, null);
    eventCount = 0;
    return taken;
  }

  private void emitOrder(Order order) {
    if (detail.includes(EventDetail.ORDERS)) {
      emit(order.toState());
    }
  }

  private void emitBookDelta(Book book, boolean buy, PriceLevel level) {
    book.updateId++;
    if (detail.includes(EventDetail.FULL)) {
      emit(
          new ExchangeEvent.BookDelta(
              book.instrumentId,
              book.updateId,
              buy ? Side.BUY : Side.SELL,
              level.priceTicks,
              level.totalLots));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Queries

  private Book book(int instrumentId) {
    return instrumentId > 0 && instrumentId < books.length ? books[instrumentId] : null;
  }

  private boolean isAsset(int assetId) {
    return assetId > 0 && assetId < assets.length && assets[assetId] != null;
  }

  @Override
  public long lastSequence() {
    return sequence;
  }

  @Override
  public long lastTimestampMs() {
    return timestampMs;
  }

  @Override
  public long ledgerHash() {
    return ledger.head();
  }

  @Override
  public Optional<Asset> asset(int assetId) {
    return isAsset(assetId) ? Optional.of(assets[assetId]) : Optional.empty();
  }

  @Override
  public Optional<Asset> asset(String code) {
    return Optional.ofNullable(assetsByCode.get(code));
  }

  @Override
  public Optional<Instrument> instrument(int instrumentId) {
    return Optional.ofNullable(book(instrumentId)).map(Book::toInstrument);
  }

  @Override
  public Optional<Instrument> instrument(String symbol) {
    return Optional.ofNullable(booksBySymbol.get(symbol)).map(Book::toInstrument);
  }

  @Override
  public Optional<OrderState> order(long orderId) {
    return Optional.ofNullable(openOrders.get(orderId)).map(Order::toState);
  }

  @Override
  public Optional<OrderState> order(long userId, String clientOrderId) {
    UserState user = users.get(userId);
    return user == null
        ? Optional.empty()
        : Optional.ofNullable(user.openByClientOrderId(clientOrderId)).map(Order::toState);
  }

  @Override
  public List<OrderState> openOrders(long userId) {
    return openOrders(userId, 0);
  }

  @Override
  public List<OrderState> openOrders(long userId, int instrumentId) {
    UserState user = users.get(userId);
    List<OrderState> result = new ArrayList<>();
    for (Order o = user == null ? null : user.openHead(orderHandles); o != null; o = o.userNext()) {
      if (instrumentId == 0 || o.book.instrumentId == instrumentId) {
        result.add(o.toState());
      }
    }
    return result;
  }

  @Override
  public boolean hasUser(long userId) {
    return users.get(userId) != null;
  }

  @Override
  public Balance balance(long userId, int assetId) {
    UserState user = users.get(userId);
    if (user == null || !isAsset(assetId)) {
      return new Balance(0, 0);
    }
    return new Balance(user.available[assetId], user.held[assetId]);
  }

  @Override
  public long systemBalance(AccountKind account, int assetId) {
    if (!isAsset(assetId) || account.isUserAccount()) {
      return 0;
    }
    return account == AccountKind.EXTERNAL ? ledger.external[assetId] : ledger.fees[assetId];
  }

  @Override
  public Depth depth(int instrumentId, int levels) {
    Book book = book(instrumentId);
    if (book == null) {
      return new Depth(instrumentId, 0, List.of(), List.of());
    }
    return new Depth(
        instrumentId, book.updateId, levels(book.bids, levels), levels(book.asks, levels));
  }

  private static List<Depth.Level> levels(BookSide side, int max) {
    int n = Math.min(Math.max(0, max), side.levelCount());
    List<Depth.Level> result = new ArrayList<>(n);
    for (int i = side.bestIndex(); i >= 0 && result.size() < n; i = side.worse(i)) {
      PriceLevel level = side.at(i);
      result.add(new Depth.Level(level.priceTicks, level.totalLots, level.orderCount));
    }
    return List.copyOf(result);
  }

  @Override
  public long bestBidTicks(int instrumentId) {
    Book book = book(instrumentId);
    PriceLevel best = book == null ? null : book.bids.best();
    return best == null ? 0 : best.priceTicks;
  }

  @Override
  public long bestAskTicks(int instrumentId) {
    Book book = book(instrumentId);
    PriceLevel best = book == null ? null : book.asks.best();
    return best == null ? 0 : best.priceTicks;
  }

  @Override
  public long lastPriceTicks(int instrumentId) {
    Book book = book(instrumentId);
    return book == null ? 0 : book.lastPriceTicks;
  }

  @Override
  public long volume30d(long userId) {
    UserState user = users.get(userId);
    return user == null ? 0 : user.volume30d(Math.floorDiv(timestampMs, DAY_MS));
  }

  @Override
  public int feeTier(long userId) {
    UserState user = users.get(userId);
    return user == null ? 0 : tierOf(user);
  }

  // ---------------------------------------------------------------------------------------------
  // Hash and invariants (StateHash, Invariants and EngineSnapshot read the package-private fields)

  @Override
  public long stateHash() {
    return StateHash.of(this);
  }

  @Override
  public void verify() {
    Invariants.verify(this);
  }
}
