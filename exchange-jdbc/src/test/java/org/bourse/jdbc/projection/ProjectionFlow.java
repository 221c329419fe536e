package org.bourse.jdbc.projection;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bourse.core.Command;
import org.bourse.core.ExchangeConfig;
import org.bourse.core.FeeRates;
import org.bourse.core.FeeSchedule;
import org.bourse.core.FeeTier;
import org.bourse.core.InstrumentSpec;
import org.bourse.core.OrderType;
import org.bourse.core.SelfTradePrevention;
import org.bourse.core.Side;
import org.bourse.core.TimeInForce;

/**
 * A seeded order flow for the projection tests (exchange-core's own generators are package-private
 * there): the same seed always gives the same commands, without feedback from the engine, so it can
 * also run in a child JVM that only submits.
 *
 * <p>Two instruments with prices close to a fixed mid, so books cross often; limit orders of every
 * time in force, post-only, market orders, stops, cancels by client order id, amends, cancel-all,
 * deposits, transfers, withdrawals (requested, completed, canceled), fee tiers with a maker rebate,
 * and retries of earlier command ids (duplicates). Many commands are rejected, which is part of the
 * point: rejections and duplicates must leave no rows.
 */
final class ProjectionFlow {
  static final int BTC = 1;
  static final int USDT = 2;
  static final int ETH = 3;
  static final int BTCUSDT = 1;
  static final int ETHUSDT = 2;

  /** Engine bounds of every runtime in these tests, with every event. */
  static final ExchangeConfig CONFIG = ExchangeConfig.defaults().withOrderBounds(40, 5_000, 30);

  private static final long[] MID_TICKS = {0, 3_000_000, 200_000};
  private static final int HISTORY = 64;

  private final Random random;
  private final int users;
  private final String clientPrefix;
  private long nextCommandId;
  private long clientOrders;
  private long withdrawalsSettled;
  private final List<Command> history = new ArrayList<>();

  /** Per user, the numbers of the last few client order ids given to their orders (0: none). */
  private final long[][] recentByUser;

  /**
   * @param firstCommandId this flow's command ids start here (above the setup's)
   * @param clientPrefix starts every client order id, so flows of several runs do not collide
   */
  ProjectionFlow(long seed, int users, long firstCommandId, String clientPrefix) {
    this.random = new Random(seed);
    this.users = users;
    this.nextCommandId = firstCommandId;
    this.clientPrefix = clientPrefix;
    this.recentByUser = new long[users + 1][8];
  }

  /** The market: assets, instruments, fee tiers, users 1..users and their deposits. */
  static List<Command> setup(int users) {
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
                .withDefaultSelfTradePrevention(SelfTradePrevention.EXPIRE_BOTH)));
    commands.add(
        new Command.SetFeeSchedule(
            id++,
            new FeeSchedule(
                USDT,
                List.of(
                    new FeeTier(0, new FeeRates(1_000, 2_000)),
                    new FeeTier(50_000_000_000L, new FeeRates(-100, 1_000))))));
    for (long user = 1; user <= users; user++) {
      commands.add(new Command.AddUser(id++, user));
      commands.add(new Command.Deposit(id++, user, BTC, 20_000_000_000L));
      commands.add(new Command.Deposit(id++, user, USDT, 2_000_000_000_000L));
      commands.add(new Command.Deposit(id++, user, ETH, 200_000_000_000L));
    }
    return commands;
  }

  /** The next command. */
  Command next() {
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
      return history.get(random.nextInt(history.size()));
    }
    long id = nextCommandId++;
    long user = 1 + random.nextInt(users);
    int instrument = random.nextBoolean() ? BTCUSDT : ETHUSDT;
    Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
    if (dice < 450) {
      return limit(id, user, instrument, side, TimeInForce.GTC, OrderType.LIMIT);
    } else if (dice < 520) {
      return limit(id, user, instrument, side, TimeInForce.IOC, OrderType.LIMIT);
    } else if (dice < 550) {
      return limit(id, user, instrument, side, TimeInForce.FOK, OrderType.LIMIT);
    } else if (dice < 580) {
      return limit(id, user, instrument, side, TimeInForce.GTC, OrderType.LIMIT_MAKER);
    } else if (dice < 650) {
      return Command.PlaceOrder.market(id, user, instrument, side, quantity());
    } else if (dice < 680) {
      long stop = MID_TICKS[instrument] + random.nextInt(800) - 400;
      return Command.PlaceOrder.market(id, user, instrument, side, quantity())
          .withType(OrderType.STOP_LOSS)
          .withStopPrice(stop);
    } else if (dice < 800) {
      return new Command.CancelOrder(id, user, 0, recentClientOrderId(user));
    } else if (dice < 860) {
      long price = MID_TICKS[instrument] + random.nextInt(600) - 300;
      long quantity = random.nextBoolean() ? 0 : quantity();
      return new Command.AmendOrder(id, user, 0, recentClientOrderId(user), price, quantity);
    } else if (dice < 875) {
      return new Command.CancelAll(id, user, random.nextInt(3));
    } else if (dice < 910) {
      return new Command.Deposit(
          id, user, 1 + random.nextInt(3), 1 + random.nextInt(1_000_000_000));
    } else if (dice < 940) {
      return new Command.Transfer(
          id, user, 1 + random.nextInt(users), 1 + random.nextInt(3), random.nextInt(100_000_000));
    } else if (dice < 970) {
      return new Command.RequestWithdrawal(
          id, user, 1 + random.nextInt(3), 1 + random.nextInt(100_000_000));
    } else {
      long withdrawal = ++withdrawalsSettled;
      return random.nextBoolean()
          ? new Command.CompleteWithdrawal(id, withdrawal)
          : new Command.CancelWithdrawal(id, withdrawal);
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
        .withClientOrderId(newClientOrderId(user));
  }

  private String newClientOrderId(long user) {
    long number = ++clientOrders;
    long[] recent = recentByUser[(int) user];
    recent[(int) (number % recent.length)] = number;
    return clientPrefix + number;
  }

  private String recentClientOrderId(long user) {
    long number = recentByUser[(int) user][random.nextInt(8)];
    return clientPrefix + (number == 0 ? clientOrders + 1 : number);
  }

  private long quantity() {
    return 1 + random.nextInt(random.nextBoolean() ? 20 : 500);
  }
}
