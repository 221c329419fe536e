package org.bourse.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ExchangeConfigTest {

  @Test
  void shouldRefuseAnIdempotencyWindowBeyondTheBoundAndNameIt() {
    // when
    IllegalArgumentException tooLarge =
        assertThrows(IllegalArgumentException.class, () -> withWindow(1 << 27));
    IllegalArgumentException notPositive =
        assertThrows(IllegalArgumentException.class, () -> withWindow(0));

    // then
    assertEquals(
        "idempotencyWindow must be at most 67108864 commands, was 134217728",
        tooLarge.getMessage());
    assertEquals("idempotencyWindow must be positive, was 0", notPositive.getMessage());
    assertEquals(
        ExchangeConfig.MAX_IDEMPOTENCY_WINDOW,
        withWindow(ExchangeConfig.MAX_IDEMPOTENCY_WINDOW).idempotencyWindow());
  }

  private static ExchangeConfig withWindow(int window) {
    return new ExchangeConfig(
        8, 4, 100, 10, 100, 10, 10, window, FeeModel.TIERED, EventDetail.FULL);
  }
}
