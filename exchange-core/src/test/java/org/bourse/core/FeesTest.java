package org.bourse.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FeesTest {

  @Test
  void shouldRoundFeesUpAndRebatesDown() {
    assertEquals(1, Fees.charge(0, 1, 1));
    assertEquals(0, Fees.charge(0, 1, -999_999));
    assertEquals(-1, Fees.charge(0, 1, -1_000_000));
    assertEquals(2, Fees.charge(0, 1_000, 1_500));
  }

  @Test
  void shouldChargeTheRoundedFeeOfTheTotalHoweverAnOrderIsSplit() {
    // given: 1,000 fills of one minor unit at 0.1%
    long total = 0;
    long before = 0;

    // when
    for (int i = 0; i < 1_000; i++) {
      total += Fees.charge(before, 1, 1_000);
      before += 1;
    }

    // then: ceil(1000 * 0.001) = 1, not 1,000 rounded-up crumbs
    assertEquals(1, total);
  }

  @Test
  void shouldComputeWithoutOverflowNearTheLimit() {
    long notional = Long.MAX_VALUE / 2;
    assertEquals(notional, Fees.ceilPpm(notional, 1_000_000));
    assertEquals(notional / 1_000_000 * 3 + 2, Fees.ceilPpm(notional, 3));
    assertEquals(notional + Fees.ceilPpm(notional, 10) + 1, Fees.holdFor(notional, 10));
  }
}
