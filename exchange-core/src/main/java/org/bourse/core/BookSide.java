package org.bourse.core;

/**
 * One side of a book: price levels in a sorted array with the best price at the end.
 *
 * <p>Why an array: activity concentrates near the best price, so inserting or removing a level is a
 * short move at the end of the array, and the best level is a plain index. A tree would allocate a
 * node per level and box its key. Levels are pooled per side. A level is found by its price in a
 * hash index, usually one slot and the level itself, where a search of the array touches a cache
 * line per step; the array is searched only to place a new price.
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

  /** How many slots at the best end {@link #insertionPoint} scans before it bisects the rest. */
  private static final int SCAN_NEAR_BEST = 8;

  private final boolean bids;

  /**
   * The levels' rank keys, ascending from worst to best: the price for bids, its negation for asks,
   * so that one comparison serves both sides.
   */
  private long[] keys = new long[64];

  private PriceLevel[] levels = new PriceLevel[64];

  /** Every level in a slot, empty ones included, by price. */
  private final KeyedIndex.Levels byPrice = new KeyedIndex.Levels(64);

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
    PriceLevel existing = byPrice.get(priceTicks);
    if (existing != null) {
      if (existing.orderCount == 0) {
        live++;
      }
      return existing;
    }
    long key = bids ? priceTicks : -priceTicks;
    int at = insertionPoint(key);
    if (count == keys.length) {
      keys = java.util.Arrays.copyOf(keys, count * 2);
      levels = java.util.Arrays.copyOf(levels, count * 2);
    }
    System.arraycopy(keys, at, keys, at + 1, count - at);
    System.arraycopy(levels, at, levels, at + 1, count - at);
    PriceLevel level = pooled > 0 ? pool[--pooled] : new PriceLevel();
    level.priceTicks = priceTicks;
    keys[at] = key;
    levels[at] = level;
    byPrice.add(level);
    count++;
    live++;
    return level;
  }

  /** Retires a level that has just lost its last order. */
  void remove(PriceLevel level) {
    if (level.orderCount != 0 || level.headHandle != 0) {
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
        keys[kept] = keys[i];
        levels[kept] = level;
        kept++;
      }
    }
    java.util.Arrays.fill(levels, kept, count, null);
    count = kept;
  }

  private void release(PriceLevel level) {
    byPrice.remove(level.priceTicks);
    level.headHandle = 0;
    level.tailHandle = 0;
    level.totalLots = 0;
    level.orderCount = 0;
    if (pooled == pool.length) {
      pool = java.util.Arrays.copyOf(pool, pooled * 2);
    }
    pool[pooled++] = level;
  }

  /**
   * The slot where a key that no level has yet goes. New prices mostly come near the best, so the
   * last slots are scanned first; the rest is bisected without data-dependent branches (a select
   * per step, which the JIT compiles to a conditional move), since which half holds a price is a
   * coin toss that a branch predictor would miss about every other step.
   */
  private int insertionPoint(long key) {
    int stop = Math.max(0, count - SCAN_NEAR_BEST);
    for (int i = count - 1; i >= stop; i--) {
      if (keys[i] < key) {
        return i + 1;
      }
    }
    if (stop == 0) {
      return 0;
    }
    int base = 0;
    int len = stop;
    while (len > 1) {
      int half = len >>> 1;
      base = keys[base + half] < key ? base + half : base;
      len -= half;
    }
    return keys[base] < key ? base + 1 : base;
  }
}
