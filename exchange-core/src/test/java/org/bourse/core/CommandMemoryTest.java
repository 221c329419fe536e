package org.bourse.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CommandMemoryTest {

  @Test
  void shouldRememberExactlyTheLastWindowOfCommandIds() {
    // given
    CommandMemory memory = new CommandMemory(1_000);

    // when: ids in a scrambled order, well past the window
    for (long i = 1; i <= 10_000; i++) {
      memory.remember(scramble(i), i, null, i * 10, OrderStatus.NEW, 0);
    }

    // then
    for (long i = 1; i <= 10_000; i++) {
      int slot = memory.find(scramble(i));
      if (i > 9_000) {
        assertTrue(slot >= 0, "id " + i + " must be remembered");
        CommandResult result = memory.duplicateResult(slot, 5);
        assertEquals(i, result.sequence());
        assertEquals(i * 10, result.orderId());
        assertTrue(result.duplicate());
      } else {
        assertEquals(-1, slot, "id " + i + " must be forgotten");
      }
    }
    assertEquals(1_000, memory.size());
  }

  private static long scramble(long i) {
    return (i * 0x9E3779B97F4A7C15L) & Long.MAX_VALUE | 1;
  }
}
