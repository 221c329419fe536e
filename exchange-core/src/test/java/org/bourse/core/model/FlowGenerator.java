package org.bourse.core.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SplittableRandom;
import org.bourse.core.Command;
import org.bourse.core.EventDetail;
import org.bourse.core.ExchangeConfig;
import org.bourse.core.FeeModel;
import org.bourse.core.FeeRates;
import org.bourse.core.FeeSchedule;
import org.bourse.core.FeeTier;
import org.bourse.core.InstrumentSpec;
import org.bourse.core.InstrumentStatus;
import org.bourse.core.OrderType;
import org.bourse.core.SelfTradePrevention;
import org.bourse.core.Side;
import org.bourse.core.TimeInForce;

/**
 * A seeded generator of realistic order flow over four instruments with different tick sizes, lot
 * sizes and asset scales, and a few hundred users: deposits, limit orders around a moving mid,
 * market orders by quantity and by amount, IOC/FOK, post-only, stops, cancels, amends,
 * self-crossing orders with every STP mode, withdrawals, transfers, fee schedule changes, halts,
 * duplicate command ids, and a steady trickle of commands that must be rejected.
 *
 * <p>It looks at a {@link ReferenceExchange} (which the caller keeps applying the generated
 * commands to) to aim its cancels and amends at orders that are open, and its prices at the current
 * book; the same seed therefore always yields the same flow. Only integer arithmetic is used, so
 * the flow is identical on every JVM.
 */
final class FlowGenerator {

  /** One command and the timestamp to apply it with. */
  record Step(long timestampMs, Command command) {}

  static final int USDT = 1;
  static final int BTC = 2;
  static final int ETH = 3;
  static final int DOGE = 4;
  static final int EUR = 5;
  static final int SOL = 6;

  /** An instrument of the flow and how its orders are sized. */
  private record Listing(InstrumentSpec spec, long startMidTicks, int sizeBits) {}

  private static final List<Listing> LISTINGS =
      List.of(
          // BTC (8) in USDT (6): 10 USDT minor per tick and lot, 10^4 sat per lot.
          new Listing(
              InstrumentSpec.of(
                      1, "BTCUSDT", BTC, USDT, "0.1", "0.0001", "0.0001", "100", "1000000")
                  .withMinNotional("5"),
              650_000,
              13),
          // ETH (9) in BTC (8): one sat per tick and lot; no STP by default.
          new Listing(
              InstrumentSpec.of(2, "ETHBTC", ETH, BTC, "0.00001", "0.001", "0.001", "10000", "10")
                  .withDefaultSelfTradePrevention(SelfTradePrevention.NONE),
              5_000,
              14),
          // DOGE (8) in EUR (2): 100 DOGE lots, one cent per tick and lot; volume does not count.
          new Listing(
              InstrumentSpec.of(3, "DOGEEUR", DOGE, EUR, "0.0001", "100", "100", "10000000", "100")
                  .withMinNotional("1")
                  .withDefaultSelfTradePrevention(SelfTradePrevention.EXPIRE_BOTH),
              1_500,
              11),
          // SOL (9) in USDT (6): 100 USDT minor per tick and lot.
          new Listing(
              InstrumentSpec.of(4, "SOLUSDT", SOL, USDT, "0.01", "0.01", "0.01", "100000", "100000")
                  .withMinNotional("1")
                  .withDefaultSelfTradePrevention(SelfTradePrevention.EXPIRE_MAKER),
              15_000,
              14));

  private static final int INITIAL_USERS = 220;
  private static final int MARKET_MAKERS = 20;
  private static final SelfTradePrevention[] STP_MODES = SelfTradePrevention.values();

  /** The bounds both the engine and the model run with; small enough to be reached. */
  static ExchangeConfig config(EventDetail detail) {
    return new ExchangeConfig(16, 16, 250, 16, 250, 40, 30, 2_000, FeeModel.TIERED, detail);
  }

  /** A schedule in USDT volume with four tiers, the third and fourth paying makers a rebate. */
  static FeeSchedule schedule(int variant) {
    long scale = 1 + variant % 3;
    return new FeeSchedule(
        USDT,
        List.of(
            new FeeTier(0, new FeeRates(1_000, 2_000)),
            new FeeTier(2_000_000_000L * scale, new FeeRates(800, 1_600)),
            new FeeTier(100_000_000_000L * scale, new FeeRates(-100, 1_000)),
            new FeeTier(1_000_000_000_000L * scale, new FeeRates(-250, 750 + variant % 7))));
  }

  /** Generates a whole flow up front, with a private model to aim at. */
  static List<Step> generate(long seed, int count) {
    ReferenceExchange model = new ReferenceExchange(config(EventDetail.NONE));
    FlowGenerator generator = new FlowGenerator(seed, model);
    List<Step> steps = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Step step = generator.next();
      model.apply(step.timestampMs(), step.command());
      steps.add(step);
    }
    return steps;
  }

  private final SplittableRandom random;
  private final ReferenceExchange view;
  private final Deque<Command> setup = new ArrayDeque<>();
  private final List<Long> userIds = new ArrayList<>();
  private final long[] midTicks = new long[LISTINGS.size() + 1];
  private final Command[] recent = new Command[3_000];
  private int recentCount;
  private long timestampMs = 1_700_000_000_000L;
  private long nextCommandId = 1;
  private long nextClientOrderId = 1;
  private long nextNewUserId = 900_000;
  private int scheduleVariant;
  private int haltedInstrument;
  private int resumeIn;

  FlowGenerator(long seed, ReferenceExchange view) {
    this.random = new SplittableRandom(seed);
    this.view = view;
    for (int i = 0; i < INITIAL_USERS; i++) {
      // Sparse ids, as a real user base has.
      userIds.add(1_000L + 7L * i + random.nextInt(7));
    }
    for (Listing listing : LISTINGS) {
      midTicks[listing.spec().instrumentId()] = listing.startMidTicks();
    }
    planSetup();
  }

  private void planSetup() {
    setup.add(new Command.DefineAsset(0, USDT, "USDT", 6));
    setup.add(new Command.DefineAsset(0, BTC, "BTC", 8));
    setup.add(new Command.DefineAsset(0, ETH, "ETH", 9));
    setup.add(new Command.DefineAsset(0, DOGE, "DOGE", 8));
    setup.add(new Command.DefineAsset(0, EUR, "EUR", 2));
    setup.add(new Command.DefineAsset(0, SOL, "SOL", 9));
    // Definitions that must be refused: a bad code, a taken code, an id beyond the bound.
    setup.add(new Command.DefineAsset(0, 7, "usd coin", 6));
    setup.add(new Command.DefineAsset(0, 8, "BTC", 8));
    setup.add(new Command.DefineAsset(0, 99, "XRP", 6));
    for (Listing listing : LISTINGS) {
      setup.add(new Command.DefineInstrument(0, listing.spec()));
    }
    // A lot that is not a whole number of sats, an unknown asset, a taken symbol, and a maximum
    // notional that could overflow.
    setup.add(
        new Command.DefineInstrument(
            0, InstrumentSpec.of(5, "BTCEUR", BTC, EUR, "1", "0.000000001", "1", "10", "100000")));
    setup.add(
        new Command.DefineInstrument(
            0, InstrumentSpec.of(6, "XRPUSDT", 12, USDT, "0.0001", "1", "1", "10", "100")));
    setup.add(
        new Command.DefineInstrument(
            0, InstrumentSpec.of(7, "BTCUSDT", BTC, USDT, "0.1", "0.0001", "0.0001", "1", "100")));
    setup.add(
        new Command.DefineInstrument(
            0,
            InstrumentSpec.of(
                8, "ETHUSDT", ETH, USDT, "0.01", "0.001", "0.001", "100000000", "1000000000")));
    setup.add(new Command.SetFeeSchedule(0, schedule(0)));
    setup.add(new Command.SetInstrumentFees(0, 2, new FeeRates(0, 500)));
    for (long userId : userIds) {
      setup.add(new Command.AddUser(0, userId));
    }
    setup.add(new Command.AddUser(0, userIds.get(0)));
    setup.add(new Command.AddUser(0, 0));
    for (int i = 0; i < userIds.size(); i++) {
      long userId = userIds.get(i);
      int boost = i < MARKET_MAKERS ? 10 : 1;
      for (int asset = USDT; asset <= SOL; asset++) {
        if (i >= MARKET_MAKERS && random.nextInt(8) == 0) {
          continue;
        }
        setup.add(new Command.Deposit(0, userId, asset, boost * depositAmount(asset)));
      }
    }
    for (int i = 0; i < 6; i++) {
      setup.add(new Command.AssignFeeTier(0, userIds.get(MARKET_MAKERS + i), 1 + i % 3));
    }
  }

  /** A typical deposit, minor units. */
  private long depositAmount(int asset) {
    switch (asset) {
      case USDT:
        return 1_000_000_000L * (2 + random.nextInt(200));
      case BTC:
        return 5_000_000L * (1 + random.nextInt(100));
      case ETH:
        return 500_000_000L * (1 + random.nextInt(200));
      case DOGE:
        return 1_000_000_000_000L * (1 + random.nextInt(200));
      case EUR:
        return 10_000L * (1 + random.nextInt(500));
      default:
        return 5_000_000_000L * (1 + random.nextInt(400));
    }
  }

  /** The next command. */
  Step next() {
    boolean settingUp = !setup.isEmpty();
    timestampMs += settingUp ? 1 : random.nextLong(8_000);
    Command command = settingUp ? setup.poll() : flow();
    command = withCommandId(command, !settingUp);
    recent[recentCount++ % recent.length] = command;
    return new Step(timestampMs, command);
  }

  /** Gives a command built with id 0 the next id; ids have gaps, as a gateway's would. */
  private Command withCommandId(Command c, boolean mayBeInvalid) {
    if (c.commandId() != 0) {
      return c;
    }
    long id = nextCommandId;
    nextCommandId += 1 + random.nextInt(3);
    if (mayBeInvalid && random.nextInt(5_000) == 0) {
      id = -random.nextInt(2);
    }
    return CommandIds.with(c, id);
  }

  private Command flow() {
    if (haltedInstrument != 0 && --resumeIn <= 0) {
      int instrument = haltedInstrument;
      haltedInstrument = 0;
      return new Command.SetInstrumentStatus(0, instrument, InstrumentStatus.TRADING);
    }
    int dice = random.nextInt(1_000);
    if (dice < 5 && recentCount > 0) {
      // A client retrying: the same command and id; beyond the idempotency window it runs again.
      int back = 1 + random.nextInt(Math.min(recentCount, recent.length));
      return recent[Math.floorMod(recentCount - back, recent.length)];
    }
    if (dice < 8) {
      return admin();
    }
    if (dice < 50) {
      return deposit();
    }
    if (dice < 65) {
      return transfer();
    }
    if (dice < 85) {
      return withdrawal();
    }
    if (dice < 100) {
      return invalidOrder();
    }
    if (dice < 250) {
      return cancel();
    }
    if (dice < 258) {
      long user = anyUser();
      int instrument = random.nextInt(3) == 0 ? 0 : anyInstrument();
      return new Command.CancelAll(0, user, instrument);
    }
    if (dice < 350) {
      return amend();
    }
    if (dice < 380) {
      return selfCross();
    }
    if (dice < 415) {
      return stop();
    }
    if (dice < 475) {
      return market();
    }
    if (dice < 525) {
      return limit(OrderType.LIMIT_MAKER, TimeInForce.GTC);
    }
    if (dice < 565) {
      return limit(OrderType.LIMIT, TimeInForce.IOC);
    }
    if (dice < 590) {
      return limit(OrderType.LIMIT, TimeInForce.FOK);
    }
    return limit(OrderType.LIMIT, TimeInForce.GTC);
  }

  // ---------------------------------------------------------------------------------------------
  // Orders

  private Command limit(OrderType type, TimeInForce tif) {
    int instrument = anyInstrument();
    long userId = trader();
    ReferenceExchange.User user = view.user(userId);
    if (user != null && user.open.size() >= 14 && random.nextInt(4) != 0) {
      // Busy users tidy up before they place more, as real ones hit the limit only sometimes.
      return cancelOwn(user);
    }
    ReferenceExchange.Market market = view.market(instrument);
    if (market != null && market.restingOrders() >= 250 && random.nextBoolean()) {
      return cancelFarthest(market);
    }
    Side side = anySide();
    boolean aggressive = type == OrderType.LIMIT ? random.nextInt(4) == 0 : random.nextInt(10) == 0;
    long price = priceNear(instrument, side, aggressive);
    long lots = lots(instrument);
    Command.PlaceOrder order =
        new Command.PlaceOrder(
            0, userId, instrument, null, side, type, tif, price, lots, 0, 0, null);
    return decorate(order);
  }

  /** Adds a client order id and an explicit STP mode to some orders. */
  private Command.PlaceOrder decorate(Command.PlaceOrder order) {
    if (random.nextInt(3) == 0) {
      order = order.withClientOrderId("c-" + order.userId() + "." + nextClientOrderId++);
    }
    if (random.nextInt(8) == 0) {
      order = order.withSelfTradePrevention(STP_MODES[random.nextInt(STP_MODES.length)]);
    }
    return order;
  }

  private Command market() {
    int instrument = anyInstrument();
    long userId = trader();
    Side side = anySide();
    long mid = midTicks[instrument];
    if (random.nextInt(5) < 3) {
      return decorate(Command.PlaceOrder.market(0, userId, instrument, side, lots(instrument)));
    }
    long amount = notional(instrument, mid, lots(instrument));
    return decorate(Command.PlaceOrder.marketQuote(0, userId, instrument, side, amount));
  }

  private Command stop() {
    int instrument = anyInstrument();
    long userId = trader();
    Side side = anySide();
    ReferenceExchange.Market market = view.market(instrument);
    long last =
        market != null && market.lastPriceTicks != 0 ? market.lastPriceTicks : midTicks[instrument];
    boolean stopLoss = random.nextBoolean();
    boolean limit = random.nextBoolean();
    OrderType type =
        stopLoss
            ? (limit ? OrderType.STOP_LOSS_LIMIT : OrderType.STOP_LOSS)
            : (limit ? OrderType.TAKE_PROFIT_LIMIT : OrderType.TAKE_PROFIT);
    // A stop-loss sell waits below the last price, a take-profit sell above it; buys mirror that.
    boolean above = stopLoss == (side == Side.BUY);
    long distance = Math.max(1, last * (1 + random.nextInt(150)) / 10_000);
    if (random.nextInt(20) == 0) {
      // On the wrong side: it would trigger at once.
      distance = -distance;
    }
    long stopPrice = Math.max(1, above ? last + distance : last - distance);
    long lots = lots(instrument);
    Command.PlaceOrder order;
    if (limit) {
      long slip = Math.max(1, stopPrice * random.nextInt(60) / 10_000);
      long price = Math.max(1, side == Side.BUY ? stopPrice + slip : stopPrice - slip);
      TimeInForce tif = TimeInForce.values()[random.nextInt(3)];
      order =
          new Command.PlaceOrder(
              0, userId, instrument, null, side, type, tif, price, lots, 0, stopPrice, null);
    } else if (side == Side.BUY) {
      long amount = notional(instrument, stopPrice, lots);
      order =
          new Command.PlaceOrder(
              0,
              userId,
              instrument,
              null,
              side,
              type,
              TimeInForce.IOC,
              0,
              0,
              amount,
              stopPrice,
              null);
    } else {
      order =
          new Command.PlaceOrder(
              0,
              userId,
              instrument,
              null,
              side,
              type,
              TimeInForce.IOC,
              0,
              lots,
              0,
              stopPrice,
              null);
    }
    return decorate(order);
  }

  /** A user crossing their own resting order, with every STP mode. */
  private Command selfCross() {
    long userId = userIds.get(random.nextInt(MARKET_MAKERS));
    ReferenceExchange.User user = view.user(userId);
    ReferenceExchange.Order mine = user == null ? null : anyResting(user);
    if (mine == null) {
      return limit(OrderType.LIMIT, TimeInForce.GTC);
    }
    int instrument = mine.market.instrumentId;
    Side side = mine.side == Side.BUY ? Side.SELL : Side.BUY;
    long lots = Math.max(1, mine.remainingLots() / 2 + random.nextLong(mine.remainingLots() + 1));
    long price =
        side == Side.BUY
            ? mine.priceTicks + random.nextInt(3)
            : mine.priceTicks - random.nextInt(3);
    price = Math.max(1, price);
    SelfTradePrevention mode = random.nextInt(6) == 0 ? null : STP_MODES[random.nextInt(4)];
    Command.PlaceOrder order;
    switch (random.nextInt(5)) {
      case 0:
        order = Command.PlaceOrder.market(0, userId, instrument, side, lots);
        break;
      case 1:
        order =
            Command.PlaceOrder.limit(0, userId, instrument, side, price, lots)
                .withTimeInForce(TimeInForce.FOK);
        break;
      case 2:
        order =
            Command.PlaceOrder.limit(0, userId, instrument, side, price, lots)
                .withTimeInForce(TimeInForce.IOC);
        break;
      default:
        order = Command.PlaceOrder.limit(0, userId, instrument, side, price, lots);
        break;
    }
    return order.withSelfTradePrevention(mode);
  }

  private Command cancel() {
    long userId = trader();
    ReferenceExchange.User user = view.user(userId);
    if ((user == null || user.open.isEmpty()) && random.nextInt(4) != 0) {
      // Those who cancel are mostly those with something to cancel.
      userId = userIds.get(random.nextInt(MARKET_MAKERS));
      user = view.user(userId);
    }
    int dice = random.nextInt(20);
    if (user == null || user.open.isEmpty() || dice == 0) {
      // An id that is not this user's open order: long gone, someone else's, or never used.
      long id = 1 + random.nextLong(Math.max(1, view.nextOrderId() + 5));
      return new Command.CancelOrder(0, userId, id, null);
    }
    if (dice == 1) {
      return new Command.CancelOrder(0, userId, 0, "c-" + userId + "." + random.nextInt(50));
    }
    return cancelOwn(user);
  }

  /** Cancels one of the user's open orders, the oldest more often, by id or client order id. */
  private Command cancelOwn(ReferenceExchange.User user) {
    List<ReferenceExchange.Order> open = new ArrayList<>(user.open.values());
    ReferenceExchange.Order order =
        random.nextBoolean() ? open.get(0) : open.get(random.nextInt(open.size()));
    if (order.clientOrderId != null && random.nextBoolean()) {
      return new Command.CancelOrder(0, user.userId, 0, order.clientOrderId);
    }
    return new Command.CancelOrder(0, user.userId, order.orderId, null);
  }

  /** Keeps a book to a realistic size: its worst-priced orders are the stale ones. */
  private Command cancelFarthest(ReferenceExchange.Market market) {
    List<ReferenceExchange.Order> side = random.nextBoolean() ? market.bids : market.asks;
    if (side.isEmpty()) {
      side = market.bids.isEmpty() ? market.asks : market.bids;
    }
    ReferenceExchange.Order order =
        side.get(side.size() - 1 - random.nextInt(Math.min(side.size(), 50)));
    return new Command.CancelOrder(0, order.user.userId, order.orderId, null);
  }

  private Command amend() {
    long userId = trader();
    ReferenceExchange.User user = view.user(userId);
    List<ReferenceExchange.Order> open =
        user == null ? List.of() : new ArrayList<>(user.open.values());
    if (open.isEmpty()) {
      return new Command.AmendOrder(0, userId, 1 + random.nextLong(view.nextOrderId()), null, 0, 5);
    }
    ReferenceExchange.Order order = open.get(random.nextInt(open.size()));
    long price = 0;
    long quantity = 0;
    int dice = random.nextInt(100);
    if (dice < 35) {
      // Less of the same keeps the place in the queue.
      quantity = order.filledLots + Math.max(1, (order.quantityLots - order.filledLots) / 2);
    } else if (dice < 55) {
      quantity = order.quantityLots + 1 + random.nextLong(Math.max(1, order.quantityLots));
    } else if (dice < 85) {
      price = priceNear(order.market.instrumentId, order.side, random.nextInt(4) == 0);
    } else if (dice < 93) {
      price = priceNear(order.market.instrumentId, order.side, false);
      quantity = order.filledLots + 1 + random.nextLong(Math.max(1, order.quantityLots));
    } else if (dice < 97) {
      // Not a change, or below what has already filled.
      price = order.priceTicks;
      quantity = random.nextBoolean() ? order.quantityLots : order.filledLots;
    } else {
      price = -1;
    }
    if (order.clientOrderId != null && random.nextBoolean()) {
      return new Command.AmendOrder(0, userId, 0, order.clientOrderId, price, quantity);
    }
    return new Command.AmendOrder(0, userId, order.orderId, null, price, quantity);
  }

  /** Orders that break one rule each, so every check is reached. */
  private Command invalidOrder() {
    int instrument = anyInstrument();
    long userId = trader();
    Side side = anySide();
    long price = priceNear(instrument, side, false);
    Command.PlaceOrder good =
        Command.PlaceOrder.limit(0, userId, instrument, side, price, lots(instrument));
    switch (random.nextInt(16)) {
      case 0:
        return good.withClientOrderId("not valid!");
      case 1:
        return Command.PlaceOrder.limit(0, userId, instrument, side, 0, 10);
      case 2:
        return Command.PlaceOrder.limit(0, userId, instrument, side, price, 0);
      case 3:
        return Command.PlaceOrder.limit(0, userId, instrument, side, 1L << 40, 10);
      case 4:
        return Command.PlaceOrder.limit(0, userId, instrument, side, price, 1L << 40);
      case 5:
        return Command.PlaceOrder.limit(0, userId, instrument, side, 1, 1);
      case 6:
        return Command.PlaceOrder.limit(0, userId, 77, side, price, 10);
      case 7:
        return Command.PlaceOrder.limit(0, 5, instrument, side, price, 10);
      case 8:
        return Command.PlaceOrder.market(0, userId, instrument, side, 10)
            .withTimeInForce(TimeInForce.FOK);
      case 9:
        return good.withType(OrderType.LIMIT_MAKER).withTimeInForce(TimeInForce.IOC);
      case 10:
        return good.withStopPrice(price);
      case 11:
        return Command.PlaceOrder.marketQuote(0, userId, instrument, side, 1);
      case 12:
        {
          // An absurd amount, now and then on a stop that would trigger at once.
          Command.PlaceOrder huge =
              Command.PlaceOrder.marketQuote(0, userId, instrument, Side.BUY, Long.MAX_VALUE / 4);
          ReferenceExchange.Market market = view.market(instrument);
          if (random.nextBoolean() && market != null && market.lastPriceTicks > 1) {
            return huge.withType(OrderType.STOP_LOSS).withStopPrice(market.lastPriceTicks - 1);
          }
          return huge;
        }
      case 13:
        {
          // Reusing the client order id of an open order.
          ReferenceExchange.User user = view.user(userId);
          if (user != null && !user.openByClientOrderId.isEmpty()) {
            return good.withClientOrderId(user.openByClientOrderId.keySet().iterator().next());
          }
          return good.withClientOrderId("c-" + userId + ".x");
        }
      case 14:
        return new Command.PlaceOrder(
            0,
            userId,
            instrument,
            null,
            side,
            OrderType.MARKET,
            TimeInForce.IOC,
            0,
            10,
            100,
            0,
            null);
      default:
        return good.withType(OrderType.STOP_LOSS_LIMIT);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Money and administration

  private Command deposit() {
    long userId = random.nextInt(50) == 0 ? 4 : anyUser();
    int asset = 1 + random.nextInt(SOL + (random.nextInt(50) == 0 ? 3 : 0));
    long amount =
        random.nextInt(100) == 0 ? -random.nextInt(2) : depositAmount(Math.min(asset, SOL));
    return new Command.Deposit(0, userId, asset, amount);
  }

  private Command transfer() {
    long from = anyUser();
    long to = anyUser();
    int asset = 1 + random.nextInt(SOL);
    int dice = random.nextInt(40);
    if (dice == 0) {
      to = from;
    } else if (dice == 1) {
      to = 3;
    } else if (dice == 2) {
      // Malformed and naming nobody: the 1xx reason must win over UNKNOWN_USER.
      from = 3;
      to = 3;
    }
    ReferenceExchange.User user = view.user(from);
    long available = user == null ? 0 : user.available(asset);
    long amount =
        random.nextInt(10) == 0 ? available + 1 : 1 + random.nextLong(Math.max(1, available / 4));
    return new Command.Transfer(0, from, to, asset, amount);
  }

  private Command withdrawal() {
    if (random.nextInt(10) < 4 && !view.pendingWithdrawals().isEmpty()) {
      List<Long> ids = new ArrayList<>(view.pendingWithdrawals().keySet());
      long id = ids.get(random.nextInt(ids.size()));
      return random.nextInt(3) == 0
          ? new Command.CancelWithdrawal(0, id)
          : new Command.CompleteWithdrawal(0, id);
    }
    if (random.nextInt(15) == 0) {
      return new Command.CompleteWithdrawal(0, 1 + random.nextLong(1_000_000));
    }
    long userId = anyUser();
    int asset = 1 + random.nextInt(SOL);
    ReferenceExchange.User user = view.user(userId);
    long available = user == null ? 0 : user.available(asset);
    long amount =
        random.nextInt(8) == 0 ? available + 1 : 1 + random.nextLong(Math.max(1, available / 10));
    return new Command.RequestWithdrawal(0, userId, asset, amount);
  }

  private Command admin() {
    switch (random.nextInt(12)) {
      case 0:
        if (haltedInstrument == 0) {
          haltedInstrument = anyInstrument();
          resumeIn = 100 + random.nextInt(500);
          return new Command.SetInstrumentStatus(0, haltedInstrument, InstrumentStatus.HALTED);
        }
        return new Command.SetInstrumentStatus(0, 42, InstrumentStatus.HALTED);
      case 1:
      case 2:
        {
          // Overrides that reach the corners of the fee arithmetic: no fee at all (no +1 in a
          // buy's hold), a rebate with a free taker, odd rates that round in every fill, and a
          // 100% fee or rebate.
          FeeRates[] choices = {
            null,
            null,
            new FeeRates(0, 500),
            new FeeRates(-50, 300),
            FeeRates.ZERO,
            new FeeRates(-50, 0),
            new FeeRates(-333, 777),
            new FeeRates(1_000_000, 1_000_000),
            new FeeRates(-1_000_000, 1_000_000)
          };
          int instrument = random.nextBoolean() ? 2 : 4;
          return new Command.SetInstrumentFees(
              0, instrument, choices[random.nextInt(choices.length)]);
        }
      case 3:
        {
          // Clearing, an invalid override, and an invalid override of an unknown instrument.
          int instrument = random.nextInt(4) == 0 ? 42 : 4;
          FeeRates rates = random.nextBoolean() ? null : new FeeRates(-2_000_000, 0);
          return new Command.SetInstrumentFees(0, instrument, rates);
        }
      case 4:
        return new Command.SetFeeSchedule(0, schedule(++scheduleVariant));
      case 5:
        if (random.nextBoolean()) {
          return new Command.SetFeeSchedule(0, schedule(++scheduleVariant));
        }
        {
          // A shorter schedule: assigned tiers beyond it count as its last.
          List<FeeTier> two = schedule(scheduleVariant).tiers().subList(0, 2);
          return new Command.SetFeeSchedule(0, new FeeSchedule(USDT, two));
        }
      case 6:
        {
          int invalid = random.nextInt(2);
          List<FeeTier> tiers =
              invalid == 0
                  ? List.of(new FeeTier(5, FeeRates.ZERO))
                  : List.of(new FeeTier(0, FeeRates.ZERO), new FeeTier(10, FeeRates.ZERO));
          return new Command.SetFeeSchedule(0, new FeeSchedule(invalid == 0 ? USDT : 13, tiers));
        }
      case 7:
      case 8:
        return new Command.AssignFeeTier(
            0, anyUser(), -1 + random.nextInt(random.nextInt(10) == 0 ? 8 : 5));
      default:
        {
          long userId = random.nextInt(10) == 0 ? anyUser() : nextNewUserId++;
          // Only users that will exist join the flow; the rest are refused (TOO_MANY_USERS).
          if (view.user(userId) == null
              && view.users().size() < config(EventDetail.NONE).maxUsers()) {
            userIds.add(userId);
          }
          return new Command.AddUser(0, userId);
        }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Prices, sizes, choices

  /**
   * A price on the given side near the instrument's mid. The mid walks a little with every order
   * and is pulled towards the book, so the flow follows the market it makes; now and then it jumps,
   * to sweep levels and trigger stops.
   */
  private long priceNear(int instrument, Side side, boolean aggressive) {
    long mid = midTicks[instrument];
    ReferenceExchange.Market market = view.market(instrument);
    if (market != null && !market.bids.isEmpty() && !market.asks.isEmpty()) {
      mid = (3 * mid + (market.bestBid() + market.bestAsk()) / 2) / 4;
    }
    long step = mid * (random.nextInt(11) - 5) / 10_000;
    if (random.nextInt(400) == 0) {
      step = mid * (random.nextInt(401) - 200) / 10_000;
    }
    long start = LISTINGS.get(instrument - 1).startMidTicks();
    mid = Math.max(start / 4, Math.min(start * 4, mid + step));
    midTicks[instrument] = mid;
    long basisPoints = random.nextInt(1 << random.nextInt(9));
    long distance = mid * basisPoints / 10_000;
    long price;
    if (aggressive) {
      price = side == Side.BUY ? mid + distance / 4 + 1 : mid - distance / 4 - 1;
    } else {
      price = side == Side.BUY ? mid - distance - 1 : mid + distance + 1;
    }
    if (random.nextInt(3) == 0) {
      // People like round numbers, which stacks orders on the same levels.
      price -= price % 10;
    }
    return Math.max(1, price);
  }

  /** A size spread over several orders of magnitude, in lots. */
  private long lots(int instrument) {
    int bits = LISTINGS.get(instrument - 1).sizeBits();
    return 1 + random.nextLong(1L << random.nextInt(bits + 1));
  }

  private long notional(int instrument, long priceTicks, long lots) {
    ReferenceExchange.Market market = view.market(instrument);
    long perTickLot = market == null ? 1 : market.quoteMinorPerTickLot;
    return priceTicks * lots * perTickLot;
  }

  private ReferenceExchange.Order anyResting(ReferenceExchange.User user) {
    List<ReferenceExchange.Order> resting = new ArrayList<>();
    for (ReferenceExchange.Order order : user.open.values()) {
      if (order.resting) {
        resting.add(order);
      }
    }
    return resting.isEmpty() ? null : resting.get(random.nextInt(resting.size()));
  }

  /** Market makers trade much more than the rest. */
  private long trader() {
    return random.nextInt(5) < 2 ? userIds.get(random.nextInt(MARKET_MAKERS)) : anyUser();
  }

  private long anyUser() {
    return userIds.get(random.nextInt(userIds.size()));
  }

  private int anyInstrument() {
    int dice = random.nextInt(10);
    return dice < 4 ? 1 : dice < 6 ? 2 : dice < 8 ? 3 : 4;
  }

  private Side anySide() {
    return random.nextBoolean() ? Side.BUY : Side.SELL;
  }
}
