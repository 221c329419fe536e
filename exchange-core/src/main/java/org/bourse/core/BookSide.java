package org.bourse.core;

/**
 * One side of a book: price levels in a sorted array with the best price at the end.
 *
 * <p>Why an array: activity concentrates near the best price, so inserting or removing a level is a
 * short move at the end of the array, and the best level is a plain index. A tree would allocate a
 * node per level and box its key. Levels are pooled per side.
 *
 * <p>Why empty levels stay: a level that empties behind the best keeps its slot (an empty level,
 * skipped by every walk) instead of shifting every better level down by one, and the next order at
 * that price takes it again without a shift up. Quotes that move between a set of prices, the
 * common case, then copy nothing. Empty levels at the best end are dropped at once, so {@link
 * #best} is always a level with orders; the side is compacted when empty levels outnumber the
 * others.
 *
 * <p>Walk from best to worst: {@code for (int i = side.bestIndex(); i >= 0; i = side.worse(i))
 * side.at(i)}.
 */
final class BookSide {
  /** Empty levels tolerated before a compaction, at least; beyond that, no more than live ones. */
  private static final int MIN_EMPTY_SLACK = 64;

  private final boolean bids;
  private long[] prices = new long[64];
  private PriceLevel[] levels = new PriceLevel[64];

  /** Slots in use, empty levels included; {@code levels[count - 1]} has orders unless 0. */
  private int count;

  /** Levels with orders. */
  private int live;

  private PriceLevel[] pool = new PriceLevel[64];
  private int pooled;

  BookSide(boolean bids) {
    this.bids = bids;
  }

  boolean isEmpty() {
    return count == 0;
  }

  /** Levels with orders. */
  int levelCount() {
    return live;
  }

  /** The best level, or null. */
  PriceLevel best() {
    return count == 0 ? null : levels[count - 1];
  }

  /** The slot of the best level, or -1 when the side is empty. */
  int bestIndex() {
    return count - 1;
  }

  /** The slot of the next worse level with orders after slot {@code index}, or -1. */
  int worse(int index) {
    int i = index - 1;
    while (i >= 0 && levels[i].orderCount == 0) {
      i--;
    }
    return i;
  }

  /** The level in a slot from {@link #bestIndex} or {@link #worse}. */
  PriceLevel at(int index) {
    return levels[index];
  }

  /** Whether {@code a} is a better price than {@code b} on this side. */
  boolean better(long a, long b) {
    return bids ? a > b : a < b;
  }

  /** The level at this price, created if absent; the caller appends an order to it at once. */
  PriceLevel getOrCreate(long priceTicks) {
    int i = search(priceTicks);
    if (i >= 0) {
      PriceLevel level = levels[i];
      if (level.orderCount == 0) {
        live++;
      }
      return level;
    }
    int at = -i - 1;
    if (count == prices.length) {
      prices = java.util.Arrays.copyOf(prices, count * 2);
      levels = java.util.Arrays.copyOf(levels, count * 2);
    }
    System.arraycopy(prices, at, prices, at + 1, count - at);
    System.arraycopy(levels, at, levels, at + 1, count - at);
    PriceLevel level = pooled > 0 ? pool[--pooled] : new PriceLevel();
    level.priceTicks = priceTicks;
    prices[at] = priceTicks;
    levels[at] = level;
    count++;
    live++;
    return level;
  }

  /** Retires a level that has just lost its last order. */
  void remove(PriceLevel level) {
    if (level.orderCount != 0 || level.head != null) {
      throw new ExchangeException("book: level " + level.priceTicks + " still has orders");
    }
    level.totalLots = 0;
    live--;
    if (levels[count - 1] == level) {
      while (count > 0 && levels[count - 1].orderCount == 0) {
        count--;
        release(levels[count]);
        levels[count] = null;
      }
    } else if (count - live > Math.max(MIN_EMPTY_SLACK, live)) {
      compact();
    }
  }

  /** Drops every empty level, keeping the order of the others. */
  private void compact() {
    int kept = 0;
    for (int i = 0; i < count; i++) {
      PriceLevel level = levels[i];
      if (level.orderCount == 0) {
        release(level);
      } else {
        prices[kept] = prices[i];
        levels[kept] = level;
        kept++;
      }
    }
    java.util.Arrays.fill(levels, kept, count, null);
    count = kept;
  }

  private void release(PriceLevel level) {
    level.head = null;
    level.tail = null;
    level.totalLots = 0;
    level.orderCount = 0;
    if (pooled == pool.length) {
      pool = java.util.Arrays.copyOf(pool, pooled * 2);
    }
    pool[pooled++] = level;
  }

  /**
   * Binary search over prices stored worst-to-best: bids ascending, asks descending. Returns the
   * index, or {@code -(insertionPoint) - 1}. A price better than the best, a new top of the book,
   * is answered without the search.
   */
  private int search(long priceTicks) {
    if (count == 0 || better(priceTicks, prices[count - 1])) {
      return -(count + 1);
    }
    int lo = 0;
    int hi = count - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      long p = prices[mid];
      if (p == priceTicks) {
        return mid;
      }
      boolean midWorse = bids ? p < priceTicks : p > priceTicks;
      if (midWorse) {
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return -(lo + 1);
  }
}
