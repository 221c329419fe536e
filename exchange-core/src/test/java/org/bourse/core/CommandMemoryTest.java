package org.bourse.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
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

  @Test
  void shouldAnswerLikeAPlainWindowWhenIdsMostlyGrowWithRetriesAndStragglers() {
    // given: a memory and a plain reference window of the same size
    int window = 500;
    CommandMemory memory = new CommandMemory(window);
    Map<Long, Long> remembered = new HashMap<>();
    ArrayDeque<Long> order = new ArrayDeque<>();
    SplittableRandom random = new SplittableRandom(11);
    long counter = 1_000;

    // when: growing ids, with retries of recent ids, stragglers from far behind and jumps ahead
    for (long sequence = 1; sequence <= 50_000; sequence++) {
      int pick = random.nextInt(100);
      long id;
      if (pick < 70) {
        id = ++counter;
      } else if (pick < 85) {
        id = counter - random.nextInt(2 * window);
      } else if (pick < 95) {
        id = 1 + random.nextLong(counter);
      } else {
        counter += random.nextInt(1_000_000);
        id = counter;
      }

      // then: it finds exactly what the reference remembers
      int slot = memory.find(id);
      Long first = remembered.get(id);
      if (first == null) {
        assertEquals(-1, slot, "id " + id + " must not be remembered");
        if (order.size() == window) {
          remembered.remove(order.removeFirst());
        }
        order.addLast(id);
        remembered.put(id, sequence);
        memory.remember(id, sequence, null, 0, null, 0);
      } else {
        assertTrue(slot >= 0, "id " + id + " must be remembered");
        assertEquals(first, memory.duplicateResult(slot, 0).sequence());
      }
    }
    assertEquals(window, memory.size());
  }

  @Test
  void shouldKeepEveryOutcomeThroughASnapshotOfTheMemory() throws Exception {
    // given: orders, withdrawals, rejects and plain commands, past the window
    CommandMemory memory = new CommandMemory(300);
    RejectReason[] reasons = RejectReason.values();
    OrderStatus[] statuses = OrderStatus.values();
    for (long i = 1; i <= 1_000; i++) {
      long id = i % 7 == 0 ? scramble(i) : i;
      int kind = (int) (i % 4);
      memory.remember(
          id,
          2 * i,
          kind == 2 ? reasons[(int) (i % reasons.length)] : null,
          kind == 0 || kind == 2 ? 10 * i : 0,
          kind == 0 || kind == 2 ? statuses[(int) (i % statuses.length)] : null,
          kind == 1 ? 100 * i : 0);
    }

    // when: written and read back into a fresh memory
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    memory.writeTo(new DataOutputStream(bytes));
    CommandMemory restored = new CommandMemory(300);
    restored.readFrom(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));

    // then: both remember the same last 300 commands with the same outcomes
    assertEquals(300, restored.size());
    for (long i = 701; i <= 1_000; i++) {
      long id = i % 7 == 0 ? scramble(i) : i;
      int kind = (int) (i % 4);
      for (CommandMemory m : new CommandMemory[] {memory, restored}) {
        CommandResult result = m.duplicateResult(m.find(id), 0);
        assertEquals(2 * i, result.sequence(), "sequence of " + i);
        assertEquals(id, result.commandId());
        assertEquals(kind == 2 ? reasons[(int) (i % reasons.length)] : null, result.rejectReason());
        assertEquals(kind == 0 || kind == 2 ? 10 * i : 0, result.orderId(), "order id of " + i);
        assertEquals(
            kind == 0 || kind == 2 ? statuses[(int) (i % statuses.length)] : null,
            result.orderStatus());
        assertEquals(kind == 1 ? 100 * i : 0, result.withdrawalId(), "withdrawal id of " + i);
      }
    }
    Hasher original = new Hasher(1);
    memory.hashInto(original);
    Hasher copy = new Hasher(1);
    restored.hashInto(copy);
    assertEquals(original.finish(), copy.finish());
  }

  @Test
  void shouldRefuseACommandWithBothAnOrderAndAWithdrawalId() {
    // given
    CommandMemory memory = new CommandMemory(10);

    // when
    ExchangeException thrown =
        assertThrows(ExchangeException.class, () -> memory.remember(1, 1, null, 5, null, 6));

    // then
    assertTrue(thrown.getMessage().contains("both an order id and a withdrawal id"));
    assertEquals(0, memory.size());
  }

  private static long scramble(long i) {
    return (i * 0x9E3779B97F4A7C15L) & Long.MAX_VALUE | 1;
  }
}
