package org.bourse.bench;

import java.util.SplittableRandom;

/**
 * Generates a seeded {@link OrderFlow}: the same spec always gives the same commands, which both
 * engines then receive in their own vocabulary.
 *
 * <p>Each symbol has a {@link ShadowBook} that plays every generated command, so the generator
 * knows which orders rest and how much of each is left: a cancel, move or reduction always names an
 * order that is still open (except the deliberate dead cancels of {@link Mix#LIMIT_CANCEL}), and a
 * reduction always leaves something (a reduction that would empty the order becomes a cancel, since
 * Bourse cannot amend an order down to what it has filled).
 *
 * <p>Prices follow a last-trade price that drifts between {@code INITIAL ± BAND}: when a trade
 * reaches a bound, the side bias of new orders turns round (buyers dominate while the price should
 * rise, sellers while it should fall), so the books move instead of sitting still.
 */
final class FlowGenerator {
  /** exchange-core picks the orders to move, cancel or reduce among its oldest 512. */
  private static final int OLD_ORDER_WINDOW = 512;

  private final FlowSpec spec;
  private final SplittableRandom random;
  private final OrderFlow.Builder out;
  private final Session[] sessions;
  private final double[] cumulativeWeight;
  private long nextHandle = 1;

  /** Per symbol: its book, its price drift, and handles of its dead orders for dead cancels. */
  private final class Session implements ShadowBook.TradeSink {
    final int symbol;
    final ShadowBook book;
    int direction;
    final long[] recentlyEnded = new long[64];
    final long[] recentlyEndedUser = new long[64];
    int recentlyEndedCount;

    Session(int symbol) {
      this.symbol = symbol;
      this.book = new ShadowBook(FlowSpec.INITIAL_PRICE_TICKS, this);
      // exchange-core's generator starts without a drift; the others start drifting at once, up
      // or down by symbol, because their books quote around the touch and would otherwise sit
      // still.
      this.direction = spec.mix() == Mix.EXCHANGE_CORE ? 0 : symbol % 2 == 1 ? 1 : -1;
    }

    @Override
    public void trade(long makerHandle, long takerHandle, long priceTicks, long lots) {
      out.trade(makerHandle, takerHandle, priceTicks, lots);
      long low = FlowSpec.INITIAL_PRICE_TICKS - FlowSpec.PRICE_BAND_TICKS;
      long high = FlowSpec.INITIAL_PRICE_TICKS + FlowSpec.PRICE_BAND_TICKS;
      if (priceTicks <= low) {
        direction = 1;
      } else if (priceTicks >= high) {
        direction = -1;
      }
      book.lastPriceTicks = Math.max(low, Math.min(high, book.lastPriceTicks));
    }

    void ended(long orderHandle, long user) {
      int slot = recentlyEndedCount++ % recentlyEnded.length;
      recentlyEnded[slot] = orderHandle;
      recentlyEndedUser[slot] = user;
    }

    /** Buy or sell, leaning towards the current drift direction (3:1 when it has one). */
    boolean chooseBuy() {
      return random.nextInt(4) + direction >= 2;
    }
  }

  private FlowGenerator(FlowSpec spec) {
    this.spec = spec;
    this.random = new SplittableRandom(spec.seed());
    int expected = spec.restingPerSymbol() * spec.symbols() * 2 + spec.commands();
    this.out = new OrderFlow.Builder(spec, expected);
    this.sessions = new Session[spec.symbols()];
    this.cumulativeWeight = new double[spec.symbols()];
    double total = 0;
    for (int s = 0; s < spec.symbols(); s++) {
      sessions[s] = new Session(s + 1);
      total += 1.0 / (s + 1);
      cumulativeWeight[s] = total;
    }
    for (int s = 0; s < spec.symbols(); s++) {
      cumulativeWeight[s] /= total;
    }
  }

  /** Generates the flow of a spec. */
  static OrderFlow generate(FlowSpec spec) {
    FlowGenerator generator = new FlowGenerator(spec);
    generator.fill();
    generator.out.endFill();
    for (int i = 0; i < spec.commands(); i++) {
      generator.next(generator.pickSession());
    }
    return generator.out.build();
  }

  /** Places passive GTC orders, symbols interleaved, until every book holds its target. */
  private void fill() {
    int half = spec.restingPerSymbol() / 2;
    boolean full = false;
    while (!full) {
      full = true;
      for (Session session : sessions) {
        for (int side = 0; side < 2; side++) {
          boolean buy = side == 0;
          if (session.book.resting(buy) < half) {
            full = false;
            placePassive(session, buy);
          }
        }
      }
    }
  }

  private Session pickSession() {
    if (sessions.length == 1) {
      return sessions[0];
    }
    double u = random.nextDouble();
    for (int s = 0; s < sessions.length; s++) {
      if (u < cumulativeWeight[s]) {
        return sessions[s];
      }
    }
    return sessions[sessions.length - 1];
  }

  private void next(Session session) {
    switch (spec.mix()) {
      case EXCHANGE_CORE:
        nextExchangeCore(session);
        break;
      case CRYPTO:
        nextCrypto(session);
        break;
      case LIMIT_CANCEL:
        nextLimitCancel(session);
        break;
      default:
        throw new IllegalStateException("unknown mix " + spec.mix());
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The three mixes

  private void nextExchangeCore(Session session) {
    boolean buy = session.chooseBuy();
    boolean grow = session.book.resting(buy) < spec.restingPerSymbol() / 2;
    int q = random.nextInt(grow ? 10 : 40);
    ShadowBook.Resting old = q < 2 ? null : session.book.randomOld(random, OLD_ORDER_WINDOW);
    if (q < 2 || old == null) {
      if (grow || old == null && q >= 2) {
        placePassive(session, buy);
      } else {
        long limit = buy ? FlowSpec.MAX_ORDER_PRICE_TICKS : FlowSpec.MIN_ORDER_PRICE_TICKS;
        place(session, OrderFlow.IOC, buy, limit, randomLots());
      }
    } else if (q == 2) {
      cancel(session, old);
    } else if (q == 3) {
      reduceOrCancel(session, old);
    } else {
      moveTowardsLast(session, old);
    }
  }

  private void nextCrypto(Session session) {
    int r = random.nextInt(100);
    ShadowBook.Resting target = session.book.randomLive(random);
    if (r < 45 || target == null) {
      // Crossing GTC orders only once the book is full: together with the takers' size they are
      // what keeps the book near its target, since cancels come at a fixed rate.
      boolean buy = session.chooseBuy();
      if (full(session) && random.nextInt(5) == 0) {
        placeThroughTouch(session, OrderFlow.GTC, buy, 2);
      } else {
        placeNearTouch(session, buy);
      }
    } else if (r < 85) {
      cancel(session, target);
    } else if (r < 90) {
      placeTaker(session, session.chooseBuy());
    } else if (r < 95) {
      moveTowardsLast(session, target);
    } else {
      reduceOrCancel(session, target);
    }
  }

  private void nextLimitCancel(Session session) {
    int r = random.nextInt(100);
    ShadowBook.Resting target = session.book.randomLive(random);
    if (r < 50 || target == null) {
      boolean buy = session.chooseBuy();
      if (random.nextInt(full(session) ? 2 : 10) == 0) {
        placeThroughTouch(session, OrderFlow.GTC, buy, 4);
      } else {
        placeNearTouch(session, buy);
      }
    } else if (r < 60) {
      boolean buy = session.chooseBuy();
      if (random.nextInt(5) == 0) {
        // Priced behind the touch: expires without trading.
        long touch = session.book.bestPrice(!buy);
        long price = touch == 0 ? session.book.lastPriceTicks : touch + (buy ? -1 : 1);
        place(session, OrderFlow.IOC, buy, Math.max(1, price), randomLots());
      } else {
        placeTaker(session, buy);
      }
    } else if (r < 98 || session.recentlyEndedCount == 0) {
      cancel(session, target);
    } else {
      // An order that has already ended, by its owner: both engines must refuse it.
      int slot = random.nextInt(Math.min(session.recentlyEndedCount, session.recentlyEnded.length));
      long dead = session.recentlyEnded[slot];
      out.add(
          OrderFlow.CANCEL, session.symbol, session.recentlyEndedUser[slot], dead, true, 0, 0, 0);
    }
  }

  private boolean full(Session session) {
    return session.book.resting() >= spec.restingPerSymbol();
  }

  // ---------------------------------------------------------------------------------------------
  // Order shapes

  /** A GTC order on its own side of the last price, closer more often than farther. */
  private void placePassive(Session session, boolean buy) {
    long width = 1 + (long) (Math.pow(random.nextDouble(), 2) * FlowSpec.PRICE_DEVIATION_TICKS);
    long offset = Math.abs(random.nextLong(-width, width + 1) + random.nextLong(-width, width + 1));
    offset /= 2;
    long last = session.book.lastPriceTicks;
    long price = buy ? last - offset : last + offset;
    place(session, OrderFlow.GTC, buy, clampPrice(price), randomLots());
  }

  /** A GTC order a few ticks behind its own touch, as market makers quote. */
  private void placeNearTouch(Session session, boolean buy) {
    long touch = session.book.bestPrice(buy);
    long reference = touch != 0 ? touch : session.book.lastPriceTicks;
    long offset = geometric(0.3, 20) - 1;
    long price = buy ? reference - offset : reference + offset;
    place(session, OrderFlow.GTC, buy, clampPrice(price), randomLots());
  }

  /** A marketable order priced up to {@code ticks} through the opposite touch. */
  private void placeThroughTouch(Session session, byte kind, boolean buy, int ticks) {
    long touch = session.book.bestPrice(!buy);
    long reference = touch != 0 ? touch : session.book.lastPriceTicks;
    long through = random.nextInt(ticks + 1);
    long price = buy ? reference + through : reference - through;
    place(session, kind, buy, clampPrice(price), randomLots());
  }

  /**
   * An IOC taker through the touch, sized to take the first few resting orders: more of them when
   * the book is above its target, so that adds, cancels and takers keep it near the target.
   */
  private void placeTaker(Session session, boolean buy) {
    int surplus = session.book.resting() - spec.restingPerSymbol();
    long lots;
    if (surplus < 0) {
      lots = 1 + random.nextInt(3);
    } else {
      int orders = 1 + surplus / 25;
      lots = Math.max(1, session.book.lotsOfFirstOrders(!buy, orders));
    }
    long touch = session.book.bestPrice(!buy);
    long reference = touch != 0 ? touch : session.book.lastPriceTicks;
    long through = 2 + random.nextInt(4);
    long price = buy ? reference + through : reference - through;
    place(session, OrderFlow.IOC, buy, clampPrice(price), Math.min(lots, FlowSpec.MAX_ORDER_LOTS));
  }

  private void place(Session session, byte kind, boolean buy, long price, long lots) {
    long handle = nextHandle++;
    long user = 1 + random.nextInt(spec.users());
    out.add(kind, session.symbol, user, handle, buy, price, lots, 0);
    ShadowBook.Resting rested =
        session.book.place(handle, user, buy, price, lots, kind == OrderFlow.GTC);
    if (rested == null) {
      session.ended(handle, user);
    }
  }

  private void cancel(Session session, ShadowBook.Resting order) {
    out.add(
        OrderFlow.CANCEL,
        session.symbol,
        order.user,
        order.handle,
        order.buy,
        0,
        0,
        order.totalLots);
    session.book.cancel(order);
    session.ended(order.handle, order.user);
  }

  private void reduceOrCancel(Session session, ShadowBook.Resting order) {
    long remaining = order.remainingLots();
    long by = 1 + random.nextLong(remaining);
    if (by >= remaining) {
      cancel(session, order);
      return;
    }
    out.add(
        OrderFlow.REDUCE,
        session.symbol,
        order.user,
        order.handle,
        order.buy,
        0,
        by,
        order.totalLots - by);
    session.book.reduce(order, by);
  }

  /** Moves an order 1% of the way to the last price (at least one tick; either way if there). */
  private void moveTowardsLast(Session session, ShadowBook.Resting order) {
    long last = session.book.lastPriceTicks;
    long distance = last - order.priceTicks;
    long step;
    if (distance > 0) {
      step = Math.max(1, distance / 100);
    } else if (distance < 0) {
      step = Math.min(-1, distance / 100);
    } else {
      step = random.nextBoolean() ? 1 : -1;
    }
    long price = clampPrice(order.priceTicks + step);
    if (price == order.priceTicks) {
      price = order.priceTicks + 1;
    }
    out.add(
        OrderFlow.MOVE,
        session.symbol,
        order.user,
        order.handle,
        order.buy,
        price,
        0,
        order.totalLots);
    session.book.move(order, price);
    if (!order.alive) {
      session.ended(order.handle, order.user);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Numbers

  /** Mostly small quantities with a long tail: 1 + an exponential of mean 10, capped. */
  private long randomLots() {
    double u = random.nextDouble();
    long lots = 1 + (long) (-Math.log(1 - u) * 10);
    return Math.min(lots, FlowSpec.MAX_ORDER_LOTS);
  }

  /** 1, 2, 3, … with {@code P(k) ~ (1-p)^(k-1) p}, capped. */
  private long geometric(double p, long cap) {
    long k = 1;
    while (k < cap && random.nextDouble() >= p) {
      k++;
    }
    return k;
  }

  private static long clampPrice(long price) {
    long low = FlowSpec.MIN_ORDER_PRICE_TICKS + 1;
    long high = FlowSpec.MAX_ORDER_PRICE_TICKS - 1;
    return Math.max(low, Math.min(high, price));
  }
}
