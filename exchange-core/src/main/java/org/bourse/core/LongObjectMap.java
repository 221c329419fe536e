package org.bourse.core;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Open-addressing hash map from non-zero {@code long} keys to objects, with linear probing and
 * backward-shift deletion: no boxing, no per-entry objects and no tombstones. It grows by doubling
 * at half load, so a map pre-sized for its bound never allocates. Not thread-safe.
 */
final class LongObjectMap<V> {
  private long[] keys;
  private Object[] values;
  private int mask;
  private int size;

  LongObjectMap(int expectedSize) {
    int capacity = Integer.highestOneBit(Math.max(8, expectedSize) * 2 - 1) << 1;
    keys = new long[capacity];
    values = new Object[capacity];
    mask = capacity - 1;
  }

  int size() {
    return size;
  }

  @SuppressWarnings("unchecked")
  V get(long key) {
    for (int i = index(key); ; i = (i + 1) & mask) {
      long k = keys[i];
      if (k == key) {
        return (V) values[i];
      }
      if (k == 0) {
        return null;
      }
    }
  }

  void put(long key, V value) {
    if (key == 0) {
      throw new ExchangeException("LongObjectMap keys must be non-zero");
    }
    for (int i = index(key); ; i = (i + 1) & mask) {
      long k = keys[i];
      if (k == key) {
        values[i] = value;
        return;
      }
      if (k == 0) {
        keys[i] = key;
        values[i] = value;
        if (++size * 2 > keys.length) {
          grow();
        }
        return;
      }
    }
  }

  @SuppressWarnings("unchecked")
  V remove(long key) {
    for (int i = index(key); ; i = (i + 1) & mask) {
      long k = keys[i];
      if (k == 0) {
        return null;
      }
      if (k == key) {
        V old = (V) values[i];
        shiftBack(i);
        size--;
        return old;
      }
    }
  }

  /** The keys in ascending order: for deterministic walks such as the state hash. */
  long[] sortedKeys() {
    long[] result = new long[size];
    int n = 0;
    for (long k : keys) {
      if (k != 0) {
        result[n++] = k;
      }
    }
    Arrays.sort(result);
    return result;
  }

  @SuppressWarnings("unchecked")
  void forEachValue(Consumer<V> action) {
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] != 0) {
        action.accept((V) values[i]);
      }
    }
  }

  private void shiftBack(int hole) {
    int i = hole;
    while (true) {
      i = (i + 1) & mask;
      long k = keys[i];
      if (k == 0) {
        break;
      }
      int home = index(k);
      // Move k into the hole unless its home lies cyclically in (hole, i].
      boolean homeBetween = hole <= i ? (home > hole && home <= i) : (home > hole || home <= i);
      if (!homeBetween) {
        keys[hole] = k;
        values[hole] = values[i];
        hole = i;
      }
    }
    keys[hole] = 0;
    values[hole] = null;
  }

  private void grow() {
    long[] oldKeys = keys;
    Object[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    values = new Object[oldKeys.length * 2];
    mask = keys.length - 1;
    for (int i = 0; i < oldKeys.length; i++) {
      long k = oldKeys[i];
      if (k != 0) {
        int j = index(k);
        while (keys[j] != 0) {
          j = (j + 1) & mask;
        }
        keys[j] = k;
        values[j] = oldValues[i];
      }
    }
  }

  /**
   * Spreads blocks of 8 consecutive keys with a Fibonacci hash but keeps each block together: ids
   * are mostly handed out in sequence, so neighbours share a cache line, while keys with a large
   * common stride still spread.
   */
  private int index(long key) {
    long h = (key >>> 3) * 0x9E3779B97F4A7C15L;
    return (((int) (h ^ (h >>> 32))) << 3 | (int) (key & 7)) & mask;
  }
}
