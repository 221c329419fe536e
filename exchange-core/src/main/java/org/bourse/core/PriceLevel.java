package org.bourse.core;

/** One price of one side of a book: a FIFO queue of orders (time priority) and its total. */
final class PriceLevel {
  long priceTicks;
  long totalLots;
  int orderCount;
  Order head;
  Order tail;

  void append(Order order) {
    order.level = this;
    order.prev = tail;
    order.next = null;
    if (tail == null) {
      head = order;
    } else {
      tail.next = order;
    }
    tail = order;
    orderCount++;
    totalLots += order.remainingLots();
  }

  /** Unlinks the order; the caller adjusts {@link #totalLots} for what it still had open. */
  void unlink(Order order) {
    if (order.prev == null) {
      head = order.next;
    } else {
      order.prev.next = order.next;
    }
    if (order.next == null) {
      tail = order.prev;
    } else {
      order.next.prev = order.prev;
    }
    order.prev = null;
    order.next = null;
    order.level = null;
    orderCount--;
  }
}
