package org.bourse.core;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Open-addressing hash index of objects that carry their own {@code long} key: the table holds only
 * the objects, and a probe compares the key of the object it finds. Linear probing, backward-shift
 * deletion, no tombstones; grows by doubling at half load, so an index pre-sized for its bound
 * never allocates. Not thread-safe.
 *
 * <p>Why the objects only: a map with a key array and a value array reads a slot of each, two cache
 * misses on a large map before the object itself is read. Here the slot points straight at the
 * object, which the caller was about to read anyway: one miss fewer on every order, user and
 * price-level lookup once the venue no longer fits in cache.
 *
 * <p>The hash is Fibonacci hashing on the key's upper bits; sequential ids (the common case) and
 * prices a tick apart spread evenly, so a probe rarely goes past its home slot, and each step past
 * it costs a read of another object.
 *
 * <p>Each indexed type has its own small final subclass rather than one class taking a key
 * function: each field then has one exact class, so {@link #keyOf} inlines into the probe loop
 * instead of being a call that every index shares and no compiler can resolve.
 *
 * @param <V> the indexed type; {@link #keyOf} gives its key, which must not change while indexed
 */
abstract class KeyedIndex<V> {
  private Object[] slots;
  private int shift;
  private int size;

  KeyedIndex(int expectedSize) {
    int capacity = Integer.highestOneBit(Math.max(8, expectedSize) * 2 - 1) << 1;
    slots = new Object[capacity];
    shift = 64 - Integer.numberOfTrailingZeros(capacity);
  }

  /** The key of an indexed object. */
  abstract long keyOf(V value);

  final int size() {
    return size;
  }

  @SuppressWarnings("unchecked")
  final V get(long key) {
    Object[] table = slots;
    int mask = table.length - 1;
    for (int i = home(key); ; i = (i + 1) & mask) {
      V v = (V) table[i];
      if (v == null || keyOf(v) == key) {
        return v;
      }
    }
  }

  /** Adds an object whose key is not indexed yet. */
  @SuppressWarnings("unchecked")
  final void add(V value) {
    long key = keyOf(value);
    int mask = slots.length - 1;
    for (int i = home(key); ; i = (i + 1) & mask) {
      V v = (V) slots[i];
      if (v == null) {
        slots[i] = value;
        if (++size * 2 > slots.length) {
          grow();
        }
        return;
      }
      if (keyOf(v) == key) {
        throw new ExchangeException("index: key " + key + " is already indexed");
      }
    }
  }

  /** Removes and returns the object with this key, or null. */
  @SuppressWarnings("unchecked")
  final V remove(long key) {
    int mask = slots.length - 1;
    for (int i = home(key); ; i = (i + 1) & mask) {
      V v = (V) slots[i];
      if (v == null) {
        return null;
      }
      if (keyOf(v) == key) {
        shiftBack(i);
        size--;
        return v;
      }
    }
  }

  /** The keys in ascending order: for deterministic walks such as the state hash. */
  @SuppressWarnings("unchecked")
  final long[] sortedKeys() {
    long[] result = new long[size];
    int n = 0;
    for (Object slot : slots) {
      if (slot != null) {
        result[n++] = keyOf((V) slot);
      }
    }
    Arrays.sort(result);
    return result;
  }

  @SuppressWarnings("unchecked")
  final void forEachValue(Consumer<V> action) {
    for (Object slot : slots) {
      if (slot != null) {
        action.accept((V) slot);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private void shiftBack(int hole) {
    int mask = slots.length - 1;
    int i = hole;
    while (true) {
      i = (i + 1) & mask;
      V v = (V) slots[i];
      if (v == null) {
        break;
      }
      int home = home(keyOf(v));
      // Move v into the hole unless its home lies cyclically in (hole, i].
      boolean homeBetween = hole <= i ? (home > hole && home <= i) : (home > hole || home <= i);
      if (!homeBetween) {
        slots[hole] = v;
        hole = i;
      }
    }
    slots[hole] = null;
  }

  @SuppressWarnings("unchecked")
  private void grow() {
    Object[] old = slots;
    slots = new Object[old.length * 2];
    shift--;
    int mask = slots.length - 1;
    for (Object slot : old) {
      if (slot != null) {
        int j = home(keyOf((V) slot));
        while (slots[j] != null) {
          j = (j + 1) & mask;
        }
        slots[j] = slot;
      }
    }
  }

  private int home(long key) {
    return (int) ((key * 0x9E3779B97F4A7C15L) >>> shift);
  }

  /** Open orders by order id. */
  static final class Orders extends KeyedIndex<Order> {
    Orders(int expectedSize) {
      super(expectedSize);
    }

    @Override
    long keyOf(Order order) {
      return order.orderId;
    }
  }

  /** Users by user id. */
  static final class Users extends KeyedIndex<UserState> {
    Users(int expectedSize) {
      super(expectedSize);
    }

    @Override
    long keyOf(UserState user) {
      return user.userId;
    }
  }

  /** Pending withdrawals by withdrawal id. */
  static final class Withdrawals extends KeyedIndex<Withdrawal> {
    Withdrawals(int expectedSize) {
      super(expectedSize);
    }

    @Override
    long keyOf(Withdrawal withdrawal) {
      return withdrawal.withdrawalId();
    }
  }

  /** The price levels of one book side by price. */
  static final class Levels extends KeyedIndex<PriceLevel> {
    Levels(int expectedSize) {
      super(expectedSize);
    }

    @Override
    long keyOf(PriceLevel level) {
      return level.priceTicks;
    }
  }
}
