package org.bourse.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LongObjectMapTest {

  @Test
  void shouldBehaveLikeHashMapUnderRandomPutsAndRemoves() {
    // given
    SplittableRandom random = new SplittableRandom(42);
    LongObjectMap<Long> map = new LongObjectMap<>(4);
    Map<Long, Long> reference = new HashMap<>();

    // when: a small key space forces collisions, wrap-around and backward shifts
    for (int i = 0; i < 200_000; i++) {
      long key = 1 + random.nextInt(2_000);
      if (random.nextInt(3) == 0) {
        assertEquals(reference.remove(key), map.remove(key), "remove " + key + " at step " + i);
      } else {
        long value = random.nextLong();
        map.put(key, value);
        reference.put(key, value);
      }
      if (i % 10_000 == 0) {
        assertEquals(reference.size(), map.size());
      }
    }

    // then
    assertEquals(reference.size(), map.size());
    for (long key = 1; key <= 2_000; key++) {
      assertEquals(reference.get(key), map.get(key), "key " + key);
    }
    assertArrayEquals(
        reference.keySet().stream().mapToLong(Long::longValue).sorted().toArray(),
        map.sortedKeys());
  }
}
