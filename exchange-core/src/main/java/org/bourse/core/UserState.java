package org.bourse.core;

import java.util.HashMap;
import java.util.Map;

/**
 * A user's accounts (AVAILABLE and HELD per asset, indexed by asset id), their open orders (an
 * intrusive list linked by {@link OrderHandles handles}, oldest first, and a client-order-id
 * index), their assigned fee tier and the daily volume buckets of the last 30 days.
 */
final class UserState {
  static final int VOLUME_DAYS = 30;

  final long userId;

  /** Indexed by asset id; as long as the highest defined asset id + 1 (grown on definition). */
  long[] available;

  long[] held;
  int assignedTier = -1;
  final long[] dayVolume = new long[VOLUME_DAYS];
  final long[] dayNumber = new long[VOLUME_DAYS];
  int openHeadHandle;
  int openTailHandle;
  int openCount;
  Map<String, Order> byClientOrderId;

  UserState(long userId, int assetSlots) {
    this.userId = userId;
    this.available = new long[assetSlots];
    this.held = new long[assetSlots];
    java.util.Arrays.fill(dayNumber, -1);
  }

  void growAssets(int assetSlots) {
    if (assetSlots > available.length) {
      available = java.util.Arrays.copyOf(available, assetSlots);
      held = java.util.Arrays.copyOf(held, assetSlots);
    }
  }

  void addOpen(Order order) {
    order.userPrevHandle = openTailHandle;
    order.userNextHandle = 0;
    if (openTailHandle == 0) {
      openHeadHandle = order.handle;
    } else {
      order.handles.get(openTailHandle).userNextHandle = order.handle;
    }
    openTailHandle = order.handle;
    openCount++;
    if (order.clientOrderId != null) {
      if (byClientOrderId == null) {
        byClientOrderId = new HashMap<>();
      }
      byClientOrderId.put(order.clientOrderId, order);
    }
  }

  void removeOpen(Order order) {
    int prev = order.userPrevHandle;
    int next = order.userNextHandle;
    if (prev == 0) {
      openHeadHandle = next;
    } else {
      order.handles.get(prev).userNextHandle = next;
    }
    if (next == 0) {
      openTailHandle = prev;
    } else {
      order.handles.get(next).userPrevHandle = prev;
    }
    order.userPrevHandle = 0;
    order.userNextHandle = 0;
    openCount--;
    if (order.clientOrderId != null) {
      byClientOrderId.remove(order.clientOrderId);
    }
  }

  /** The oldest open order, or null. */
  Order openHead(OrderHandles handles) {
    return handles.get(openHeadHandle);
  }

  Order openByClientOrderId(String clientOrderId) {
    return byClientOrderId == null ? null : byClientOrderId.get(clientOrderId);
  }

  void addVolume(long day, long amount) {
    int i = (int) Math.floorMod(day, (long) VOLUME_DAYS);
    if (dayNumber[i] != day) {
      dayNumber[i] = day;
      dayVolume[i] = 0;
    }
    long sum = dayVolume[i] + amount;
    dayVolume[i] = sum < 0 ? Long.MAX_VALUE : sum;
  }

  /** Volume of {@code day} and the 29 days before it, saturating at Long.MAX_VALUE. */
  long volume30d(long day) {
    long total = 0;
    for (int i = 0; i < VOLUME_DAYS; i++) {
      long d = dayNumber[i];
      if (d <= day && d > day - VOLUME_DAYS) {
        total += dayVolume[i];
        if (total < 0) {
          return Long.MAX_VALUE;
        }
      }
    }
    return total;
  }
}
