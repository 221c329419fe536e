package org.bourse.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MachineSpeedTest {

  @Test
  void shouldWalkOneCycleThroughEverySlot() {
    // given
    int[] next = MachineSpeed.NEXT;

    // when: walking from slot 0 until the walk comes back to it
    int steps = 0;
    int at = 0;
    do {
      at = next[at];
      steps++;
    } while (at != 0 && steps <= next.length);

    // then: no shorter cycle, so every probe touches the whole table
    assertEquals(next.length, steps);
  }

  @Test
  void shouldTimeTheWalkInThisThreadsCpuTime() {
    // when
    double nanos = MachineSpeed.nanosPerStep();

    // then: a dependent load from a 4 MiB table takes at least a cycle, and far less than 10 µs
    assertTrue(nanos > 0.1 && nanos < 10_000, "ns per step: " + nanos);
  }
}
