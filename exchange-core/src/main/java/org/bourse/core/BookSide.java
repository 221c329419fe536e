package org.bourse.core;

/**
 * One side of a book: price levels in a sorted array with the best price at the end.
 *
 * <p>Why an array: activity concentrates near the best price, so inserting or removing a level is a
 * short move at the end of the array, and the best level is a plain index. A tree would allocate a
 * node per level and box its key. Levels are pooled per side.
 */
final class BookSide {
  private final boolean bids;
  private long[] prices = new long[64];
  private PriceLevel[] levels = new PriceLevel[64];
  private int count;
  private PriceLevel[] pool = new PriceLevel[64];
  private int pooled;

  BookSide(boolean bids) {
    this.bids = bids;
  }

  boolean isEmpty() {
    return count == 0;
  }

  int levelCount() {
    return count;
  }

  /** The best level, or null. */
  PriceLevel best() {
    return count == 0 ? null : levels[count - 1];
  }

  /** The i-th best level (0 = best). */
  PriceLevel level(int rank) {
    return levels[count - 1 - rank];
  }

  /** Whether {@code a} is a better price than {@code b} on this side. */
  boolean better(long a, long b) {
    return bids ? a > b : a < b;
  }

  /** The level at this price, created if absent. */
  PriceLevel getOrCreate(long priceTicks) {
    int i = search(priceTicks);
    if (i >= 0) {
      return levels[i];
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
    return level;
  }

  /** Removes an empty level. */
  void remove(PriceLevel level) {
    int i = search(level.priceTicks);
    if (i < 0 || levels[i] != level) {
      throw new ExchangeException("book: level " + level.priceTicks + " is not on its side");
    }
    System.arraycopy(prices, i + 1, prices, i, count - i - 1);
    System.arraycopy(levels, i + 1, levels, i, count - i - 1);
    count--;
    levels[count] = null;
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
   * index, or {@code -(insertionPoint) - 1}.
   */
  private int search(long priceTicks) {
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
