package org.bourse.bench;

import java.util.Comparator;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * A deliberately plain price-time order book for the flow generator: it tells the generator which
 * orders still rest (so cancels, moves and reductions name live orders), how much of each is left,
 * and where the last trade happened. Its rules are the ones both engines share once self-trade
 * prevention is off: trades at the maker's price, best price first and oldest first within a price;
 * a move takes the order out, re-prices it, lets it trade as a taker and rests the rest at the
 * back; a reduction keeps the order's place.
 *
 * <p>Speed is secondary (a few hundred nanoseconds per command is plenty for generating), clarity
 * first: it is also the reference tape of the differential check.
 */
final class ShadowBook {

  /** Receives each trade. */
  interface TradeSink {
    void trade(long makerHandle, long takerHandle, long priceTicks, long lots);
  }

  /** A resting order. {@code alive} turns false when it fills or is canceled, never back. */
  static final class Resting {
    final long handle;
    final long user;
    final boolean buy;
    long priceTicks;
    long totalLots;
    long filledLots;
    boolean alive = true;
    Level level;
    Resting prev;
    Resting next;
    int livePos = -1;

    Resting(long handle, long user, boolean buy, long priceTicks, long totalLots) {
      this.handle = handle;
      this.user = user;
      this.buy = buy;
      this.priceTicks = priceTicks;
      this.totalLots = totalLots;
    }

    long remainingLots() {
      return totalLots - filledLots;
    }
  }

  /** One price level: a FIFO of resting orders. */
  static final class Level {
    final long priceTicks;
    Resting head;
    Resting tail;
    long lots;
    int orders;

    Level(long priceTicks) {
      this.priceTicks = priceTicks;
    }
  }

  private final TreeMap<Long, Level> bids = new TreeMap<>(Comparator.reverseOrder());
  private final TreeMap<Long, Level> asks = new TreeMap<>();
  private final TradeSink sink;

  /** Live orders in no particular order, for uniform random picks. */
  private Resting[] live = new Resting[1024];

  private int liveCount;

  /** Live and dead orders in placement order, for picks among the oldest. */
  private Resting[] byAge = new Resting[1024];

  private int ageHead;
  private int ageTail;

  private int restingBuys;
  private int restingSells;
  long lastPriceTicks;

  ShadowBook(long initialPriceTicks, TradeSink sink) {
    this.lastPriceTicks = initialPriceTicks;
    this.sink = sink;
  }

  int resting() {
    return liveCount;
  }

  int resting(boolean buy) {
    return buy ? restingBuys : restingSells;
  }

  /** The best price on a side, or 0 when the side is empty. */
  long bestPrice(boolean buy) {
    Map.Entry<Long, Level> best = (buy ? bids : asks).firstEntry();
    return best == null ? 0 : best.getKey();
  }

  /** The lots resting in the first {@code orders} orders of a side, best first. */
  long lotsOfFirstOrders(boolean buy, int orders) {
    long lots = 0;
    int seen = 0;
    for (Level level : (buy ? bids : asks).values()) {
      for (Resting r = level.head; r != null; r = r.next) {
        if (seen++ == orders) {
          return lots;
        }
        lots += r.remainingLots();
      }
    }
    return lots;
  }

  /** A uniformly random live order, or null when the book is empty. */
  Resting randomLive(SplittableRandom random) {
    return liveCount == 0 ? null : live[random.nextInt(liveCount)];
  }

  /** A random order among the {@code window} oldest live ones, or null when the book is empty. */
  Resting randomOld(SplittableRandom random, int window) {
    while (ageHead < ageTail && !byAge[ageHead].alive) {
      byAge[ageHead++] = null;
    }
    if (ageHead == ageTail) {
      return null;
    }
    int start = ageHead + random.nextInt(Math.min(window, ageTail - ageHead));
    for (int i = start; i < ageTail; i++) {
      if (byAge[i].alive) {
        return byAge[i];
      }
    }
    for (int i = start - 1; i >= ageHead; i--) {
      if (byAge[i].alive) {
        return byAge[i];
      }
    }
    return null;
  }

  /**
   * Places a limit order: it trades against the opposite side up to its price, then a GTC order
   * rests with what is left.
   *
   * @return the resting order, or null if nothing rests
   */
  Resting place(long handle, long user, boolean buy, long priceTicks, long lots, boolean gtc) {
    Resting order = new Resting(handle, user, buy, priceTicks, lots);
    match(order);
    if (!gtc || order.remainingLots() == 0) {
      order.alive = false;
      return null;
    }
    rest(order);
    addLive(order);
    addByAge(order);
    return order;
  }

  /** Cancels a resting order. */
  void cancel(Resting order) {
    unlink(order);
    end(order);
  }

  /** Re-prices a resting order: it loses its place and may trade as a taker first. */
  void move(Resting order, long newPriceTicks) {
    unlink(order);
    order.priceTicks = newPriceTicks;
    match(order);
    if (order.remainingLots() == 0) {
      end(order);
    } else {
      rest(order);
    }
  }

  /** Shrinks a resting order by fewer lots than it has left; it keeps its place. */
  void reduce(Resting order, long byLots) {
    if (byLots <= 0 || byLots >= order.remainingLots()) {
      throw new IllegalArgumentException("a reduction must leave the order open");
    }
    order.totalLots -= byLots;
    order.level.lots -= byLots;
  }

  private void match(Resting taker) {
    TreeMap<Long, Level> opposite = taker.buy ? asks : bids;
    while (taker.remainingLots() > 0 && !opposite.isEmpty()) {
      Level level = opposite.firstEntry().getValue();
      if (taker.buy ? level.priceTicks > taker.priceTicks : level.priceTicks < taker.priceTicks) {
        return;
      }
      Resting maker = level.head;
      long lots = Math.min(taker.remainingLots(), maker.remainingLots());
      maker.filledLots += lots;
      taker.filledLots += lots;
      level.lots -= lots;
      lastPriceTicks = level.priceTicks;
      sink.trade(maker.handle, taker.handle, level.priceTicks, lots);
      if (maker.remainingLots() == 0) {
        unlink(maker);
        end(maker);
      }
    }
  }

  private void rest(Resting order) {
    TreeMap<Long, Level> side = order.buy ? bids : asks;
    Level level = side.computeIfAbsent(order.priceTicks, Level::new);
    order.level = level;
    order.prev = level.tail;
    order.next = null;
    if (level.tail == null) {
      level.head = order;
    } else {
      level.tail.next = order;
    }
    level.tail = order;
    level.lots += order.remainingLots();
    level.orders++;
    if (order.buy) {
      restingBuys++;
    } else {
      restingSells++;
    }
  }

  private void unlink(Resting order) {
    Level level = order.level;
    if (order.prev == null) {
      level.head = order.next;
    } else {
      order.prev.next = order.next;
    }
    if (order.next == null) {
      level.tail = order.prev;
    } else {
      order.next.prev = order.prev;
    }
    level.lots -= order.remainingLots();
    level.orders--;
    if (level.orders == 0) {
      (order.buy ? bids : asks).remove(level.priceTicks);
    }
    order.level = null;
    order.prev = null;
    order.next = null;
    if (order.buy) {
      restingBuys--;
    } else {
      restingSells--;
    }
  }

  private void end(Resting order) {
    order.alive = false;
    int pos = order.livePos;
    Resting moved = live[--liveCount];
    live[pos] = moved;
    moved.livePos = pos;
    live[liveCount] = null;
    order.livePos = -1;
  }

  private void addLive(Resting order) {
    if (liveCount == live.length) {
      live = java.util.Arrays.copyOf(live, liveCount * 2);
    }
    order.livePos = liveCount;
    live[liveCount++] = order;
  }

  private void addByAge(Resting order) {
    if (ageTail == byAge.length) {
      int used = ageTail - ageHead;
      Resting[] target = used * 2 > byAge.length ? new Resting[byAge.length * 2] : byAge;
      System.arraycopy(byAge, ageHead, target, 0, used);
      if (target == byAge) {
        java.util.Arrays.fill(byAge, used, ageTail, null);
      }
      byAge = target;
      ageHead = 0;
      ageTail = used;
    }
    byAge[ageTail++] = order;
  }

  /** The book's levels, best first, as {price, lots, orders} triples: for comparing engines. */
  long[] levels(boolean buy) {
    TreeMap<Long, Level> side = buy ? bids : asks;
    long[] out = new long[side.size() * 3];
    int i = 0;
    for (Level level : side.values()) {
      out[i++] = level.priceTicks;
      out[i++] = level.lots;
      out[i++] = level.orders;
    }
    return out;
  }
}
