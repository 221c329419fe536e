package org.bourse.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandQueueTest {

  @Test
  void shouldCountTheBacklogUntilTakenWhetherOpenOrClosed() {
    // given
    CommandQueue<String> queue = new CommandQueue<>(4);
    assertEquals(0, queue.backlog());
    queue.offer("a");
    queue.offer("b");
    queue.offer("c");

    // when
    List<String> taken = new ArrayList<>();
    int moved = queue.drainTo(taken, 2, false);

    // then
    assertEquals(2, moved);
    assertEquals(List.of("a", "b"), taken);
    assertEquals(1, queue.backlog());
    queue.close();
    assertEquals(1, queue.backlog(), "closing takes nothing");
    queue.drainTo(taken, 10, true);
    assertEquals(0, queue.backlog());
    assertEquals(List.of("a", "b", "c"), taken);
  }

  @Test
  void shouldCountTheBacklogAcrossTheRingsWrap() {
    // given
    CommandQueue<Integer> queue = new CommandQueue<>(4);
    List<Integer> taken = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      queue.offer(i);
      queue.drainTo(taken, 1, false);
    }

    // when
    queue.offer(6);
    queue.offer(7);
    queue.offer(8);
    queue.offer(9);

    // then
    assertEquals(4, queue.backlog());
    assertEquals(CommandQueue.Offer.FULL, queue.offer(10));
    assertEquals(4, queue.backlog(), "a refused offer claims nothing");
  }
}
