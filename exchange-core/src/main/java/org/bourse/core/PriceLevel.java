package org.bourse.core;

/**
 * One price of one side of a book: a FIFO queue of orders (time priority) and its total. The queue
 * is linked by {@link OrderHandles handles}; 0 means empty.
 */
final class PriceLevel {
  long priceTicks;
  long totalLots;
  int orderCount;
  int headHandle;
  int tailHandle;

  /** The oldest order at this price, or null. */
  Order head(OrderHandles handles) {
    return handles.get(headHandle);
  }

  void append(Order order) {
    order.level = this;
    order.prevHandle = tailHandle;
    order.nextHandle = 0;
    if (tailHandle == 0) {
      headHandle = order.handle;
    } else {
      order.handles.get(tailHandle).nextHandle = order.handle;
    }
    tailHandle = order.handle;
    orderCount++;
    totalLots += order.remainingLots();
  }

  /** Unlinks the order; the caller adjusts {@link #totalLots} for what it still had open. */
  void unlink(Order order) {
    int prev = order.prevHandle;
    int next = order.nextHandle;
    if (prev == 0) {
      headHandle = next;
    } else {
      order.handles.get(prev).nextHandle = next;
    }
    if (next == 0) {
      tailHandle = prev;
    } else {
      order.handles.get(next).prevHandle = prev;
    }
    order.prevHandle = 0;
    order.nextHandle = 0;
    order.level = null;
    orderCount--;
  }
}
