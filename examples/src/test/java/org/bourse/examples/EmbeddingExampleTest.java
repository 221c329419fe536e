package org.bourse.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EmbeddingExampleTest {

  @Test
  void shouldPrintTheTradeAtTheMakersPriceAndBothUsersBalances() {
    // given
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));

    // when
    try {
      EmbeddingExample.main(new String[0]);
    } finally {
      System.setOut(original);
    }

    // then: 0.25 BTC for 16,250 USDT; the buyer's hold at 65010 is released down to the fill
    assertEquals(
        String.join(
            System.lineSeparator(),
            "trade 0.2500 BTC at 65000.00",
            "user 1: 0.75000000 BTC, 16250.000000",
            "user 2: 0.25000000 BTC, 23750.000000",
            ""),
        captured.toString(StandardCharsets.UTF_8));
  }
}
