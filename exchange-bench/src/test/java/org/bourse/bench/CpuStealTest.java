package org.bourse.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

class CpuStealTest {

  @Test
  void shouldTakeTheEighthValueAsStealAndTheFirstEightAsTotal() {
    // given a cpu line with guest and guest_nice, which user and nice already include
    String line = "cpu  34359 0 14036 66091 335 0 62 135 7 9";

    // when
    CpuSteal steal = CpuSteal.parse(line);

    // then
    assertEquals(new CpuSteal(true, 135, 34359 + 14036 + 66091 + 335 + 62 + 135), steal);
  }

  @Test
  void shouldGiveTheWindowBetweenTwoReadingsInMillisAndPercent() {
    // given
    CpuSteal before = CpuSteal.parse("cpu 1000 0 500 8000 0 0 0 100");
    CpuSteal after = CpuSteal.parse("cpu 1050 0 520 8120 0 0 0 110");

    // when
    CpuSteal window = after.since(before);

    // then 10 jiffies of steal out of 200 at USER_HZ 100
    assertEquals(100.0, window.millis());
    assertEquals(5.0, window.percent());
    assertEquals("100 ms (5.0% of CPU time)", window.describe());
  }

  @Test
  void shouldBeUnavailableForLinesItCannotRead() {
    // given
    String[] lines = {"cpu0 1 2 3 4 5 6 7 8", "cpu 1 2 3 4 5 6 7", "cpu 1 2 3 x 5 6 7 8", ""};

    for (String line : lines) {
      // when
      CpuSteal steal = CpuSteal.parse(line);

      // then
      assertFalse(steal.available(), line);
      assertEquals("unavailable", steal.describe());
      assertFalse(CpuSteal.parse("cpu 1 2 3 4 5 6 7 8").since(steal).available(), line);
    }
  }
}
