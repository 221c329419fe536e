package org.bourse.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class OrderRulesTest {
  /** The documented rule, which the hand-written check replaces on the hot path. */
  private static final Pattern RULE = Pattern.compile("[A-Za-z0-9._:-]{1,36}");

  @Test
  void shouldAcceptExactlyTheClientOrderIdsOfTheDocumentedPattern() {
    // given: every single char, the length bounds, and random strings around the allowed set
    StringBuilder candidates = new StringBuilder();
    String alphabet = "azAZ09._:-!/ @[`{~\u00e9\u0660\ud83d\ude00";
    SplittableRandom random = new SplittableRandom(7);

    // when / then
    for (char ch = 0; ch < Character.MAX_VALUE; ch++) {
      assertSame(String.valueOf(ch));
    }
    assertSame("");
    assertSame("a".repeat(36));
    assertSame("a".repeat(37));
    for (int k = 0; k < 20_000; k++) {
      candidates.setLength(0);
      int length = random.nextInt(40);
      for (int i = 0; i < length; i++) {
        candidates.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      assertSame(candidates.toString());
    }
  }

  private static void assertSame(String id) {
    assertEquals(RULE.matcher(id).matches(), OrderRules.isClientOrderId(id), "'" + id + "'");
  }
}
