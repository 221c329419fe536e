package org.bourse.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrderHandlesTest {

  @Test
  void shouldResolveEveryHandleToItsOrderAcrossGrowthAndZeroToNull() {
    // given: more orders than the registry's first array holds
    OrderHandles handles = new OrderHandles();
    List<Order> orders = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      orders.add(new Order(handles));
    }

    // then: handles count from 1, each resolves to its own order, 0 is "no order"
    for (int i = 0; i < orders.size(); i++) {
      Order order = orders.get(i);
      assertEquals(i + 1, order.handle);
      assertSame(order, handles.get(order.handle));
    }
    assertNull(handles.get(0));
  }

  @Test
  void shouldKeepQueueOrderThroughUnlinksAtHeadMiddleAndTail() {
    // given: five orders queued at one price
    OrderHandles handles = new OrderHandles();
    PriceLevel level = new PriceLevel();
    List<Order> orders = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Order order = new Order(handles);
      order.orderId = i + 1;
      order.quantityLots = 1;
      level.append(order);
      orders.add(order);
    }

    // when: the head, a middle one and the tail leave
    level.unlink(orders.get(0));
    level.unlink(orders.get(2));
    level.unlink(orders.get(4));

    // then: the others remain in time priority, and the leavers are unlinked
    List<Long> walked = new ArrayList<>();
    for (Order o = level.head(handles); o != null; o = o.next()) {
      walked.add(o.orderId);
    }
    assertEquals(List.of(2L, 4L), walked);
    assertEquals(2, level.orderCount);
    assertSame(orders.get(3), handles.get(level.tailHandle));
    assertEquals(0, orders.get(2).prevHandle);
    assertEquals(0, orders.get(2).nextHandle);
    assertNull(orders.get(2).level);
  }
}
