package org.bourse.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KeyedIndexTest {

  @Test
  void shouldBehaveLikeHashMapUnderRandomAddsAndRemoves() {
    // given
    SplittableRandom random = new SplittableRandom(42);
    KeyedIndex.Levels index = new KeyedIndex.Levels(4);
    Map<Long, PriceLevel> reference = new HashMap<>();

    // when: a small key space forces collisions, wrap-around, growth and backward shifts; negative
    // and zero keys are ordinary keys
    for (int i = 0; i < 200_000; i++) {
      long key = random.nextInt(2_000) - 1_000;
      if (random.nextInt(3) == 0) {
        assertSame(reference.remove(key), index.remove(key), "remove " + key + " at step " + i);
      } else if (!reference.containsKey(key)) {
        PriceLevel level = level(key);
        index.add(level);
        reference.put(key, level);
      }
      if (i % 10_000 == 0) {
        assertEquals(reference.size(), index.size());
      }
    }

    // then
    assertEquals(reference.size(), index.size());
    for (long key = -1_000; key < 1_000; key++) {
      assertSame(reference.get(key), index.get(key), "key " + key);
    }
    assertArrayEquals(
        reference.keySet().stream().mapToLong(Long::longValue).sorted().toArray(),
        index.sortedKeys());
    List<PriceLevel> visited = new ArrayList<>();
    index.forEachValue(visited::add);
    assertEquals(reference.size(), visited.size());
  }

  @Test
  void shouldFindSequentialIdsAfterManyHaveComeAndGone() {
    // given: ids handed out in sequence, most of them removed again, as open orders are
    KeyedIndex.Users index = new KeyedIndex.Users(8);
    for (long id = 1; id <= 100_000; id++) {
      index.add(new UserState(id, 2));
      if (id % 10 != 0) {
        index.remove(id);
      }
    }

    // then
    assertEquals(10_000, index.size());
    for (long id = 1; id <= 100_000; id++) {
      assertEquals(id % 10 == 0 ? Long.valueOf(id) : null, userId(index.get(id)), "id " + id);
    }
  }

  @Test
  void shouldFindPricesAMultipleOfTheTableSizeApart() {
    // given: prices 2^20 ticks apart, the same modulo any table size the index reaches
    KeyedIndex.Levels index = new KeyedIndex.Levels(8);
    for (long i = 1; i <= 1_000; i++) {
      index.add(level(i << 20));
    }

    // when: every other one leaves
    for (long i = 2; i <= 1_000; i += 2) {
      assertEquals(i << 20, index.remove(i << 20).priceTicks);
    }

    // then
    assertEquals(500, index.size());
    for (long i = 1; i <= 1_000; i++) {
      PriceLevel found = index.get(i << 20);
      assertEquals(
          i % 2 == 1 ? Long.valueOf(i << 20) : null, found == null ? null : found.priceTicks);
    }
  }

  @Test
  void shouldRefuseASecondObjectWithAnIndexedKey() {
    // given
    KeyedIndex.Levels index = new KeyedIndex.Levels(8);
    index.add(level(7));

    // when / then
    ExchangeException refused = assertThrows(ExchangeException.class, () -> index.add(level(7)));
    assertEquals("index: key 7 is already indexed", refused.getMessage());
    assertEquals(1, index.size());
  }

  private static PriceLevel level(long priceTicks) {
    PriceLevel level = new PriceLevel();
    level.priceTicks = priceTicks;
    return level;
  }

  private static Long userId(UserState user) {
    return user == null ? null : user.userId;
  }
}
