package org.bourse.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HeapSetupTest {
  private static final long GIB = 1L << 30;

  @Test
  void shouldBeReadyOnlyWhenFixedAndPreTouched() {
    assertTrue(new HeapSetup(4 * GIB, 4 * GIB, true, "test").ready());
    assertFalse(new HeapSetup(4 * GIB, 4 * GIB, false, "test").ready());
    assertFalse(new HeapSetup(GIB, 4 * GIB, true, "test").ready());
    assertFalse(new HeapSetup(0, 0, true, "test").ready(), "sizes unknown");
  }

  @Test
  void shouldTakeTheLastAlwaysPreTouchAmongTheArguments() {
    assertTrue(HeapSetup.preTouchIn(List.of("-Xms4g", "-XX:+AlwaysPreTouch")));
    assertFalse(HeapSetup.preTouchIn(List.of("-XX:+AlwaysPreTouch", "-XX:-AlwaysPreTouch")));
    assertTrue(HeapSetup.preTouchIn(List.of("-XX:-AlwaysPreTouch", "-XX:+AlwaysPreTouch")));
    assertFalse(HeapSetup.preTouchIn(List.of("-Xmx4g")));
  }

  @Test
  void shouldDescribeThisJvmsHeapWithTheWordsOfItsVerdict() {
    // given
    HeapSetup heap = HeapSetup.current();

    // when
    String text = heap.describe();

    // then
    assertTrue(text.contains(heap.fixed() ? "fixed (-Xms = -Xmx)" : "not fixed"), text);
    assertTrue(text.contains(heap.preTouch() ? "AlwaysPreTouch on" : "AlwaysPreTouch off"), text);
  }
}
