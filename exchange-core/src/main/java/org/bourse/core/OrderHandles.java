package org.bourse.core;

import java.util.Arrays;

/**
 * Every {@link Order} object one engine has created, by a small int handle that the object keeps
 * for life (pooled orders keep theirs across reuse). Handle 0 is never assigned and resolves to
 * null, so a zero link field means "no order", as a null reference would.
 *
 * <p>Why links are handles and not references: the price-level queues and the users' open-order
 * lists are rewired on every place, fill and cancel, and they live in the old generation. Under G1
 * (the JVM's default collector) every store of a reference into an old object runs a post-write
 * barrier with a StoreLoad fence, plus a card enqueue when the card was clean; that cost a large
 * share of the engine's time, and more as a venue's orders spread over more heap regions. Storing
 * an int runs no barrier; reading a link costs one load from this array, which stays in cache.
 *
 * <p>Not thread-safe: the engine thread owns it.
 */
final class OrderHandles {
  private Order[] orders = new Order[1024];
  private int count;

  /** Assigns the next handle to a new order object. */
  int register(Order order) {
    if (++count == orders.length) {
      orders = Arrays.copyOf(orders, orders.length * 2);
    }
    orders[count] = order;
    return count;
  }

  /** The order with this handle; null for 0. */
  Order get(int handle) {
    return orders[handle];
  }
}
