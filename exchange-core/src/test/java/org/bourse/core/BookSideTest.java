package org.bourse.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class BookSideTest {
  private static final OrderHandles HANDLES = new OrderHandles();

  @Test
  void shouldWalkLikeASortedMapWhileLevelsEmptyAndRefillInRandomOrder() {
    for (boolean bids : new boolean[] {true, false}) {
      // given
      SplittableRandom random = new SplittableRandom(bids ? 7 : 8);
      BookSide side = new BookSide(bids);
      TreeMap<Long, PriceLevel> reference =
          new TreeMap<>(bids ? Comparator.<Long>reverseOrder() : Comparator.<Long>naturalOrder());

      // when: a narrow band of prices empties and refills levels behind the best, a wide one
      // makes enough empty levels to force compactions
      for (int step = 0; step < 200_000; step++) {
        int band = step % 50_000 < 25_000 ? 300 : 5_000;
        long price = 1 + random.nextInt(band);
        PriceLevel level = reference.get(price);
        if (level == null) {
          level = side.getOrCreate(price);
          assertEquals(0, level.orderCount, "a new level is empty at step " + step);
          level.append(order());
          reference.put(price, level);
        } else if (random.nextBoolean()) {
          assertSame(level, side.getOrCreate(price), "the level at " + price + ", step " + step);
          level.append(order());
        } else {
          level.unlink(level.head(HANDLES));
          if (level.orderCount == 0) {
            side.remove(level);
            reference.remove(price);
          }
        }
        if (step % 1_000 == 0) {
          assertSameWalk(reference, side, step);
        }
      }

      // then
      assertSameWalk(reference, side, -1);
    }
  }

  @Test
  void shouldDropEmptyLevelsAtTheBestSoTheBestAlwaysHasOrders() {
    // given: asks at 10, 11 and 12
    BookSide asks = new BookSide(false);
    PriceLevel ten = asks.getOrCreate(10);
    ten.append(order());
    PriceLevel eleven = asks.getOrCreate(11);
    eleven.append(order());
    PriceLevel twelve = asks.getOrCreate(12);
    twelve.append(order());

    // when: 11 empties behind the best, then the best empties
    eleven.unlink(eleven.head(HANDLES));
    asks.remove(eleven);
    ten.unlink(ten.head(HANDLES));
    asks.remove(ten);

    // then
    assertSame(twelve, asks.best());
    assertEquals(1, asks.levelCount());
    assertEquals(-1, asks.worse(asks.bestIndex()));
    twelve.unlink(twelve.head(HANDLES));
    asks.remove(twelve);
    assertNull(asks.best());
    assertEquals(-1, asks.bestIndex());
  }

  @Test
  void shouldRefuseToRetireALevelThatStillHasOrders() {
    BookSide bids = new BookSide(true);
    PriceLevel level = bids.getOrCreate(100);
    level.append(order());

    assertThrows(ExchangeException.class, () -> bids.remove(level));
  }

  private static Order order() {
    Order order = new Order(HANDLES);
    order.quantityLots = 1;
    return order;
  }

  private static void assertSameWalk(TreeMap<Long, PriceLevel> reference, BookSide side, int step) {
    List<Long> walked = new ArrayList<>();
    for (int i = side.bestIndex(); i >= 0; i = side.worse(i)) {
      PriceLevel level = side.at(i);
      assertSame(reference.get(level.priceTicks), level, "level " + level.priceTicks);
      walked.add(level.priceTicks);
    }
    assertEquals(new ArrayList<>(reference.keySet()), walked, "walk at step " + step);
    assertEquals(reference.size(), side.levelCount(), "level count at step " + step);
    assertSame(reference.isEmpty() ? null : reference.firstEntry().getValue(), side.best());
  }
}
