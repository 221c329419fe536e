package org.bourse.cli.simulate;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.bourse.core.Command;
import org.bourse.core.FeeRates;
import org.bourse.core.FeeSchedule;
import org.bourse.core.FeeTier;
import org.bourse.core.OrderType;
import org.bourse.core.Side;
import org.bourse.core.TimeInForce;

/**
 * A seeded synthetic order flow: market makers, noise traders and takers on a few instruments whose
 * fair prices walk at random.
 *
 * <p>The flow is a function of the seed and the scenario alone. Agents never look at the engine's
 * results; each keeps its own belief of which of its orders are open and refers to them by client
 * order id (see {@link Trader}). That is what lets the simulation generate commands in chunks ahead
 * of the timed loop, and replay the very same commands against any engine. A stale belief turns
 * into the rejects a real venue sees: the cancel of an order that has just filled, a post-only
 * order that would now take.
 *
 * <p>Users are numbered from 1: first the market makers (one in fifty, at least one and at most
 * eight per instrument), then the takers (one in five, at least one), then the noise traders. Each
 * turn picks an instrument, moves its fair price a step half of the time, and lets one agent act:
 *
 * <ul>
 *   <li>half of the turns, a market maker requotes: two levels a side a few basis points from the
 *       fair price, amending a quote's price or canceling and replacing it. Quotes are plain limit
 *       orders, so a maker also picks off orders that the fair price has left behind. Now and then
 *       a maker pulls all its quotes on the instrument (cancel-all);
 *   <li>a noise trader places a limit order (mostly GTC, some post-only, IOC or FOK) up to 80 basis
 *       points from the fair price, sometimes marketable; or cancels or amends one of its resting
 *       orders; or, rarely, cancels all of them;
 *   <li>a taker sends a market order (by quantity or by quote amount), an IOC limit order through
 *       the fair price, or now and then a stop-loss-limit order;
 *   <li>one turn in a hundred, someone deposits more, as real users top up their accounts.
 * </ul>
 *
 * <p>Public so that other subcommands (such as {@code bourse bench durable}) can drive the same
 * flow through other front ends of the engine.
 */
public final class OrderFlow {
  /** 2025-01-01T00:00:00Z: the simulated clock starts here and advances 0 or 1 ms a command. */
  public static final long START_MS = 1_735_689_600_000L;

  private static final int QUOTE_LEVELS = 2;
  private static final int MAX_MAKERS_PER_INSTRUMENT = 8;
  private static final int MAX_RESTING_NOISE = 12;
  private static final int MAX_RESTING_STOPS = 4;
  private static final int MARKET_MAKER_TIER = 3;
  private static final Side[] BUY_FIRST = {Side.BUY, Side.SELL};
  private static final Side[] SELL_FIRST = {Side.SELL, Side.BUY};

  private final SplittableRandom random;
  private final Market[] markets;
  private final Set<Coin> coins = EnumSet.noneOf(Coin.class);
  private final Trader[] traders;
  private final int makers;
  private final int takers;
  private final ArrayDeque<Command> pending = new ArrayDeque<>();
  private long nextCommandId = 1;
  private long nextClientOrderId = 1;
  private long clockMs = START_MS;

  /**
   * @param users at least 3, so that every role has someone
   * @param listings the instruments to trade, at least one
   */
  public OrderFlow(long seed, int users, Set<Listing> listings) {
    if (users < 3 || listings.isEmpty()) {
      throw new IllegalArgumentException("need 3 users and an instrument");
    }
    this.random = new SplittableRandom(seed);
    this.markets = new Market[listings.size()];
    int index = 0;
    for (Listing listing : listings) {
      markets[index] = new Market(listing, index);
      index++;
      coins.add(listing.base);
      coins.add(listing.quote);
    }
    // Real venues have a handful of market makers per instrument however many users they have;
    // with more, each would requote so rarely that its quotes would always be stale.
    this.makers = Math.max(1, Math.min(users / 50, MAX_MAKERS_PER_INSTRUMENT * markets.length));
    this.takers = Math.max(1, users / 5);
    this.traders = new Trader[users];
    for (int i = 0; i < users; i++) {
      int quoteSlots = i < makers ? markets.length * 2 * QUOTE_LEVELS : 0;
      traders[i] = new Trader(i + 1, quoteSlots);
    }
  }

  /**
   * The commands that open the venue, to apply at {@link #START_MS} before the flow: every asset,
   * the instruments, a tiered fee schedule in USDT volume (market makers get its rebate tier), and
   * the users with their deposits.
   */
  public List<Command> setup() {
    List<Command> setup = new ArrayList<>();
    for (Coin coin : Coin.values()) {
      setup.add(new Command.DefineAsset(id(), coin.assetId(), coin.name(), coin.scale));
    }
    for (Market market : markets) {
      setup.add(new Command.DefineInstrument(id(), market.listing.spec));
    }
    setup.add(new Command.SetFeeSchedule(id(), feeSchedule()));
    for (Trader trader : traders) {
      boolean maker = trader.userId <= makers;
      setup.add(new Command.AddUser(id(), trader.userId));
      if (maker) {
        setup.add(new Command.AssignFeeTier(id(), trader.userId, MARKET_MAKER_TIER));
      }
      for (Coin coin : coins) {
        long amount = maker ? Math.multiplyExact(coin.depositMinor, 10) : coin.depositMinor;
        setup.add(new Command.Deposit(id(), trader.userId, coin.assetId(), amount));
      }
    }
    return setup;
  }

  /** Rates in parts per million; tier thresholds in USDT of 30-day volume. */
  private static FeeSchedule feeSchedule() {
    return new FeeSchedule(
        Coin.USDT.assetId(),
        List.of(
            new FeeTier(0, new FeeRates(1_000, 1_000)),
            new FeeTier(Coin.USDT.minorUnits("1000000"), new FeeRates(800, 900)),
            new FeeTier(Coin.USDT.minorUnits("10000000"), new FeeRates(600, 800)),
            new FeeTier(Coin.USDT.minorUnits("50000000"), new FeeRates(-100, 500))));
  }

  /**
   * Generates the next {@code count} commands of the flow into the arrays, from index 0.
   *
   * @param timestampsMs receives each command's timestamp, never decreasing
   */
  public void next(Command[] commands, long[] timestampsMs, int count) {
    for (int i = 0; i < count; i++) {
      while (pending.isEmpty()) {
        turn();
      }
      commands[i] = pending.poll();
      clockMs += random.nextInt(2);
      timestampsMs[i] = clockMs;
    }
  }

  private void turn() {
    Market market = markets[random.nextInt(markets.length)];
    if (random.nextBoolean()) {
      market.walk(random);
    }
    int roll = random.nextInt(100);
    if (roll < 50) {
      makerTurn(pick(0, makers), market);
    } else if (roll < 88) {
      noiseTurn(pick(makers + takers, traders.length - makers - takers), market);
    } else if (roll < 99) {
      takerTurn(pick(makers, takers), market);
    } else {
      Trader trader = pick(0, traders.length);
      Coin coin = random.nextBoolean() ? market.listing.base : market.listing.quote;
      pending.add(new Command.Deposit(id(), trader.userId, coin.assetId(), coin.depositMinor / 4));
    }
  }

  private Trader pick(int first, int count) {
    return traders[first + random.nextInt(count)];
  }

  // ---------------------------------------------------------------------------------------------
  // Market makers

  /** Requotes both sides of one market, or now and then pulls all quotes there to start afresh. */
  private void makerTurn(Trader maker, Market market) {
    if (random.nextInt(100) == 0) {
      pending.add(new Command.CancelAll(id(), maker.userId, market.instrumentId));
      for (int slot = 0; slot < 2 * QUOTE_LEVELS; slot++) {
        maker.quotes[market.index * 2 * QUOTE_LEVELS + slot] = null;
      }
      return;
    }
    // Each maker quotes its own width, so that the makers' quotes interleave on the book.
    long halfSpread = market.ticks(2 + maker.userId % 3);
    long levelGap = market.ticks(5);
    // Move the side the price moved away from first, so the new quotes don't meet the old ones.
    Trader.Resting bestBid = maker.quotes[slot(market, Side.BUY, 0)];
    boolean rising = bestBid != null && market.fairTicks - halfSpread > bestBid.priceTicks();
    for (Side side : rising ? SELL_FIRST : BUY_FIRST) {
      for (int level = 0; level < QUOTE_LEVELS; level++) {
        long offset = halfSpread + level * levelGap;
        long price = side == Side.BUY ? market.fairTicks - offset : market.fairTicks + offset;
        requote(maker, market, side, slot(market, side, level), price);
      }
    }
  }

  private static int slot(Market market, Side side, int level) {
    return (market.index * 2 + side.ordinal()) * QUOTE_LEVELS + level;
  }

  private void requote(Trader maker, Market market, Side side, int slot, long priceTicks) {
    Trader.Resting quote = maker.quotes[slot];
    if (quote != null && quote.probablyGone()) {
      quote = null;
    }
    if (quote != null && quote.priceTicks() == priceTicks) {
      return;
    }
    if (quote != null && random.nextBoolean()) {
      String clientOrderId = quote.clientOrderId();
      pending.add(new Command.AmendOrder(id(), maker.userId, 0, clientOrderId, priceTicks, 0));
      maker.quotes[slot] =
          new Trader.Resting(clientOrderId, market, side, false, priceTicks, quote.quantityLots());
      return;
    }
    if (quote != null) {
      pending.add(cancel(maker, quote));
    }
    long lots = market.lots(random) * (2 + random.nextInt(5));
    String clientOrderId = clientOrderId();
    maker.quotes[slot] = new Trader.Resting(clientOrderId, market, side, false, priceTicks, lots);
    pending.add(
        limit(
            maker,
            market,
            side,
            OrderType.LIMIT,
            TimeInForce.GTC,
            priceTicks,
            lots,
            clientOrderId));
  }

  // ---------------------------------------------------------------------------------------------
  // Noise traders

  private void noiseTurn(Trader trader, Market market) {
    int roll = random.nextInt(100);
    if (roll < 2) {
      pending.add(new Command.CancelAll(id(), trader.userId, 0));
      trader.resting.clear();
      return;
    }
    Trader.Resting order = roll < 65 ? null : trader.pollLive();
    if (order == null) {
      placeNoise(trader, market);
    } else if (roll < 85) {
      pending.add(cancel(trader, order));
    } else {
      amendNoise(trader, order);
    }
  }

  private void placeNoise(Trader trader, Market market) {
    Side side = randomSide();
    // From 5 bp through the fair price (marketable) to 80 bp away from it (resting deep).
    long basisPoints = random.nextInt(86) - 5;
    long offset = basisPoints < 0 ? -market.ticks(-basisPoints) : market.ticks(basisPoints);
    long price = side == Side.BUY ? market.fairTicks - offset : market.fairTicks + offset;
    long lots = market.lots(random);
    int roll = random.nextInt(100);
    if (roll >= 90) {
      TimeInForce tif = roll < 95 ? TimeInForce.IOC : TimeInForce.FOK;
      pending.add(limit(trader, market, side, OrderType.LIMIT, tif, price, lots, null));
      return;
    }
    OrderType type = roll < 82 ? OrderType.LIMIT : OrderType.LIMIT_MAKER;
    if (trader.resting.size() >= MAX_RESTING_NOISE) {
      Trader.Resting oldest = trader.pollLive();
      if (oldest != null) {
        pending.add(cancel(trader, oldest));
      }
    }
    String clientOrderId = clientOrderId();
    trader.resting.add(new Trader.Resting(clientOrderId, market, side, false, price, lots));
    pending.add(limit(trader, market, side, type, TimeInForce.GTC, price, lots, clientOrderId));
  }

  /** Halves an order's quantity (keeping its queue place), or moves it 5 to 20 bp from the fair. */
  private void amendNoise(Trader trader, Trader.Resting order) {
    String clientOrderId = order.clientOrderId();
    long lots = order.quantityLots();
    long price = order.priceTicks();
    if (random.nextBoolean() && lots >= 2) {
      lots /= 2;
      pending.add(new Command.AmendOrder(id(), trader.userId, 0, clientOrderId, 0, lots));
    } else {
      Market market = order.market();
      long offset = market.ticks(5 + random.nextInt(16));
      price = order.side() == Side.BUY ? market.fairTicks - offset : market.fairTicks + offset;
      pending.add(new Command.AmendOrder(id(), trader.userId, 0, clientOrderId, price, 0));
    }
    trader.resting.add(
        new Trader.Resting(clientOrderId, order.market(), order.side(), false, price, lots));
  }

  // ---------------------------------------------------------------------------------------------
  // Takers

  private void takerTurn(Trader trader, Market market) {
    Side side = randomSide();
    long lots = market.lots(random);
    int roll = random.nextInt(100);
    if (roll < 55) {
      pending.add(Command.PlaceOrder.market(id(), trader.userId, market.instrumentId, side, lots));
    } else if (roll < 70) {
      long quoteAmount = market.notionalMinor(lots);
      pending.add(
          Command.PlaceOrder.marketQuote(
              id(), trader.userId, market.instrumentId, side, quoteAmount));
    } else if (roll < 97) {
      long through = market.ticks(5 + random.nextInt(21));
      long price = side == Side.BUY ? market.fairTicks + through : market.fairTicks - through;
      pending.add(limit(trader, market, side, OrderType.LIMIT, TimeInForce.IOC, price, lots, null));
    } else {
      placeStop(trader, market, side, lots);
    }
  }

  /** A stop-loss-limit: a sell below the fair price, a buy above it, limit 10 bp past the stop. */
  private void placeStop(Trader trader, Market market, Side side, long lots) {
    if (trader.resting.size() >= MAX_RESTING_STOPS) {
      Trader.Resting oldest = trader.pollLive();
      if (oldest != null) {
        pending.add(cancel(trader, oldest));
      }
    }
    long distance = market.ticks(5 + random.nextInt(36));
    long slippage = market.ticks(10);
    long stop = side == Side.BUY ? market.fairTicks + distance : market.fairTicks - distance;
    long price = side == Side.BUY ? stop + slippage : stop - slippage;
    String clientOrderId = clientOrderId();
    trader.resting.add(new Trader.Resting(clientOrderId, market, side, true, stop, lots));
    pending.add(
        limit(
                trader,
                market,
                side,
                OrderType.STOP_LOSS_LIMIT,
                TimeInForce.GTC,
                price,
                lots,
                clientOrderId)
            .withStopPrice(stop));
  }

  // ---------------------------------------------------------------------------------------------
  // Command helpers

  private Command.PlaceOrder limit(
      Trader trader,
      Market market,
      Side side,
      OrderType type,
      TimeInForce timeInForce,
      long priceTicks,
      long lots,
      String clientOrderId) {
    return new Command.PlaceOrder(
        id(),
        trader.userId,
        market.instrumentId,
        clientOrderId,
        side,
        type,
        timeInForce,
        priceTicks,
        lots,
        0,
        0,
        null);
  }

  private Command.CancelOrder cancel(Trader trader, Trader.Resting order) {
    return new Command.CancelOrder(id(), trader.userId, 0, order.clientOrderId());
  }

  private Side randomSide() {
    return random.nextBoolean() ? Side.BUY : Side.SELL;
  }

  private long id() {
    return nextCommandId++;
  }

  /** Unique for the whole run, so never a duplicate among a user's open orders. */
  private String clientOrderId() {
    return "c" + Long.toString(nextClientOrderId++, 36);
  }
}
