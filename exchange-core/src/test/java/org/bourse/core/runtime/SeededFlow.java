package org.bourse.core.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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
 * A deterministic generator of command flows for the durability tests: the same seed always gives
 * the same commands. It needs no feedback from the engine (it may run in a child JVM that only
 * submits), so it refers to orders by the client order ids it handed out and to withdrawals by the
 * ids it expects them to have; many such commands are rejected, which is part of the point:
 * rejects, duplicates, halts, fee overrides, pending withdrawals and conditional orders all have to
 * survive snapshots and replay.
 *
 * <p>Two instruments (BTCUSDT around 30,000.00 and ETHUSDT around 2,000.00) with prices close to a
 * fixed mid, so books cross often; tiered fees with a maker rebate tier; small engine bounds (see
 * {@link #SMALL_BOUNDS}) so bound rejects and a wrapping idempotency memory are reached too.
 */
public final class SeededFlow {
  public static final int BTC = 1;
  public static final int USDT = 2;
  public static final int ETH = 3;
  public static final int BTCUSDT = 1;
  public static final int ETHUSDT = 2;

  /**
   * Bounds small enough that flows of a few thousand commands reach them: 12 open orders per user,
   * 60 resting orders per book, 6 stop orders per instrument, 8 pending withdrawals, and an
   * idempotency window of 512 ids, so the memory wraps and old ids are forgotten.
   */
  public static final ExchangeConfig SMALL_BOUNDS =
      new ExchangeConfig(8, 4, 1_000, 12, 60, 6, 8, 512, FeeModel.TIERED, EventDetail.FULL);

  private static final long[] MID_TICKS = {0, 3_000_000, 200_000};
  private static final int HISTORY = 64;

  private final Random random;
  private final int users;
  private final String clientPrefix;
  private long nextCommandId;
  private long timestampMs = 1_700_000_000_000L;
  private long clientOrders;
  private long withdrawalsSettled;
  private final boolean[] halted = new boolean[3];
  private final List<Command> history = new ArrayList<>();

  /** Per user, the numbers of the last few client order ids given to their orders (0: none). */
  private final long[][] recentByUser;

  /**
   * @param seed decides every choice
   * @param users trading users are 1..users (created by {@link #setup})
   * @param firstCommandId this flow's command ids are firstCommandId, firstCommandId + 1, …; give
   *     concurrent flows disjoint ranges
   * @param clientPrefix starts every client order id, so concurrent flows do not collide
   */
  public SeededFlow(long seed, int users, long firstCommandId, String clientPrefix) {
    this.random = new Random(seed);
    this.users = users;
    this.nextCommandId = firstCommandId;
    this.clientPrefix = clientPrefix;
    this.recentByUser = new long[users + 1][8];
  }

  /** A flow over 20 users with command ids from 1000 (below them: {@link #setup}). */
  static SeededFlow ofSeed(long seed) {
    return new SeededFlow(seed, 20, 1_000, "c");
  }

  /**
   * The commands that create the market: three assets, two instruments, a fee schedule, the users
   * and their deposits. Command ids 1..(fewer than 1000), the same for every flow, so submitting
   * the setup again (after a restart) only produces duplicates.
   */
  public static List<Command> setup(int users) {
    List<Command> commands = new ArrayList<>();
    long id = 1;
    commands.add(new Command.DefineAsset(id++, BTC, "BTC", 8));
    commands.add(new Command.DefineAsset(id++, USDT, "USDT", 6));
    commands.add(new Command.DefineAsset(id++, ETH, "ETH", 8));
    commands.add(
        new Command.DefineInstrument(
            id++,
            InstrumentSpec.of(
                BTCUSDT, "BTCUSDT", BTC, USDT, "0.01", "0.0001", "0.0001", "1000", "1000000")));
    commands.add(
        new Command.DefineInstrument(
            id++,
            InstrumentSpec.of(
                    ETHUSDT, "ETHUSDT", ETH, USDT, "0.01", "0.001", "0.001", "10000", "100000")
                .withMinNotional("5")
                .withDefaultSelfTradePrevention(SelfTradePrevention.EXPIRE_BOTH)));
    commands.add(
        new Command.SetFeeSchedule(
            id++,
            new FeeSchedule(
                USDT,
                List.of(
                    new FeeTier(0, new FeeRates(1_000, 2_000)),
                    new FeeTier(50_000_000_000L, new FeeRates(500, 1_500)),
                    new FeeTier(500_000_000_000L, new FeeRates(-100, 1_000))))));
    for (long user = 1; user <= users; user++) {
      commands.add(new Command.AddUser(id++, user));
      commands.add(new Command.Deposit(id++, user, BTC, 20_000_000_000L));
      commands.add(new Command.Deposit(id++, user, USDT, 2_000_000_000_000L));
      commands.add(new Command.Deposit(id++, user, ETH, 200_000_000_000L));
    }
    if (id >= 1_000) {
      throw new IllegalArgumentException("setup of " + users + " users needs ids up to " + id);
    }
    return commands;
  }

  /** A command with the timestamp it should be applied with (never decreasing). */
  record Timed(long timestampMs, Command command) {}

  /** The next command and a timestamp a little later than the last (sometimes a day later). */
  Timed nextTimed() {
    int step = random.nextInt(100);
    if (step == 0) {
      timestampMs += 86_400_000L;
    } else if (step < 60) {
      timestampMs += random.nextInt(5_000);
    }
    return new Timed(timestampMs, next());
  }

  /** The next command. */
  public Command next() {
    Command command = fresh();
    history.add(command);
    if (history.size() > HISTORY) {
      history.remove(0);
    }
    return command;
  }

  private Command fresh() {
    int dice = random.nextInt(1_000);
    if (dice < 20 && !history.isEmpty()) {
      // A client retry: the same command id again, which must be answered from memory.
      return history.get(random.nextInt(history.size()));
    }
    long id = nextCommandId++;
    long user = 1 + random.nextInt(users);
    int instrument = random.nextBoolean() ? BTCUSDT : ETHUSDT;
    if (halted[instrument] && random.nextInt(20) == 0) {
      // Halts are short, so that most orders meet a trading book.
      halted[instrument] = false;
      return new Command.SetInstrumentStatus(id, instrument, InstrumentStatus.TRADING);
    }
    Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
    if (dice < 420) {
      return limit(id, user, instrument, side, TimeInForce.GTC, OrderType.LIMIT);
    } else if (dice < 500) {
      return limit(id, user, instrument, side, TimeInForce.IOC, OrderType.LIMIT);
    } else if (dice < 530) {
      return limit(id, user, instrument, side, TimeInForce.FOK, OrderType.LIMIT);
    } else if (dice < 570) {
      return limit(id, user, instrument, side, TimeInForce.GTC, OrderType.LIMIT_MAKER);
    } else if (dice < 640) {
      return Command.PlaceOrder.market(id, user, instrument, side, quantity())
          .withSelfTradePrevention(stp());
    } else if (dice < 660) {
      return Command.PlaceOrder.marketQuote(
          id, user, instrument, side, 1_000_000L * (1 + random.nextInt(5_000)));
    } else if (dice < 700) {
      return stop(id, user, instrument, side);
    } else if (dice < 810) {
      return new Command.CancelOrder(id, user, 0, recentClientOrderId(user));
    } else if (dice < 840) {
      return new Command.CancelOrder(id, user, 1 + random.nextInt((int) clientOrders + 1), null);
    } else if (dice < 900) {
      return amend(id, user, instrument);
    } else if (dice < 915) {
      return new Command.CancelAll(id, user, random.nextInt(3));
    } else if (dice < 940) {
      return new Command.Deposit(
          id, user, 1 + random.nextInt(3), 1 + random.nextInt(1_000_000_000));
    } else if (dice < 955) {
      return new Command.Transfer(
          id, user, 1 + random.nextInt(users), 1 + random.nextInt(3), random.nextInt(100_000_000));
    } else if (dice < 975) {
      return new Command.RequestWithdrawal(
          id, user, 1 + random.nextInt(3), 1 + random.nextInt(100_000_000));
    } else if (dice < 985) {
      // Withdrawal ids count accepted requests. Settling them in order, less often than they are
      // requested, mostly names a pending one and keeps the pending bound from blocking requests.
      long withdrawal = ++withdrawalsSettled;
      return random.nextBoolean()
          ? new Command.CompleteWithdrawal(id, withdrawal)
          : new Command.CancelWithdrawal(id, withdrawal);
    } else if (dice < 990) {
      halted[instrument] = !halted[instrument];
      return new Command.SetInstrumentStatus(
          id, instrument, halted[instrument] ? InstrumentStatus.HALTED : InstrumentStatus.TRADING);
    } else if (dice < 995) {
      FeeRates rates =
          random.nextBoolean() ? null : new FeeRates(random.nextInt(3_000) - 1_000, 3_000);
      return new Command.SetInstrumentFees(id, instrument, rates);
    } else {
      return new Command.AssignFeeTier(id, user, random.nextInt(4) - 1);
    }
  }

  private Command.PlaceOrder limit(
      long id, long user, int instrument, Side side, TimeInForce tif, OrderType type) {
    long offset = random.nextInt(600) - 300;
    // Buyers lean below the mid and sellers above, so some orders rest and some cross.
    long price = MID_TICKS[instrument] + (side == Side.BUY ? offset - 40 : offset + 40);
    return Command.PlaceOrder.limit(id, user, instrument, side, price, quantity())
        .withType(type)
        .withTimeInForce(tif)
        .withClientOrderId(newClientOrderId(user))
        .withSelfTradePrevention(stp());
  }

  private Command.PlaceOrder stop(long id, long user, int instrument, Side side) {
    OrderType[] types = {
      OrderType.STOP_LOSS,
      OrderType.STOP_LOSS_LIMIT,
      OrderType.TAKE_PROFIT,
      OrderType.TAKE_PROFIT_LIMIT
    };
    OrderType type = types[random.nextInt(types.length)];
    long stopPrice = MID_TICKS[instrument] + random.nextInt(800) - 400;
    boolean limit = type == OrderType.STOP_LOSS_LIMIT || type == OrderType.TAKE_PROFIT_LIMIT;
    long price = limit ? stopPrice + random.nextInt(200) - 100 : 0;
    TimeInForce tif = limit ? TimeInForce.GTC : TimeInForce.IOC;
    return new Command.PlaceOrder(
        id,
        user,
        instrument,
        newClientOrderId(user),
        side,
        type,
        tif,
        price,
        quantity(),
        0,
        stopPrice,
        null);
  }

  private Command amend(long id, long user, int instrument) {
    long newPrice = random.nextBoolean() ? 0 : MID_TICKS[instrument] + random.nextInt(600) - 300;
    long newQuantity = random.nextBoolean() ? 0 : quantity();
    return new Command.AmendOrder(id, user, 0, recentClientOrderId(user), newPrice, newQuantity);
  }

  private long quantity() {
    return 1 + random.nextInt(random.nextInt(10) == 0 ? 5_000 : 300);
  }

  private SelfTradePrevention stp() {
    int choice = random.nextInt(8);
    return choice < SelfTradePrevention.values().length
        ? SelfTradePrevention.values()[choice]
        : null;
  }

  private String newClientOrderId(long user) {
    long number = ++clientOrders;
    long[] recent = recentByUser[(int) user];
    recent[(int) (number % recent.length)] = number;
    return clientPrefix + number;
  }

  /**
   * One of the last few client order ids given to this user's orders (the order may be open, filled
   * or ended), or an id nobody has.
   */
  private String recentClientOrderId(long user) {
    long[] recent = recentByUser[(int) user];
    long number = recent[random.nextInt(recent.length)];
    return clientPrefix + (number == 0 ? clientOrders + 1 : number);
  }
}
