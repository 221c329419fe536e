package org.bourse.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
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

  @Test
  void readmeShouldQuoteTheExampleExactly() throws IOException {
    // given: the tagged region of the example, unindented, and the README's first java block
    List<String> source =
        Files.readAllLines(Path.of("src/main/java/org/bourse/examples/EmbeddingExample.java"));
    int start = indexOf(source, "// tag::embed[]") + 1;
    int end = indexOf(source, "// end::embed[]");
    String tagged =
        source.subList(start, end).stream()
            .map(line -> line.length() >= 4 ? line.substring(4) : line.strip())
            .collect(Collectors.joining("\n"));
    String readme = Files.readString(Path.of("../README.md"));
    int block = readme.indexOf("```java\n") + "```java\n".length();
    String quoted = readme.substring(block, readme.indexOf("\n```", block));

    // then
    assertEquals(tagged, quoted, "README.md must quote the example's tagged region verbatim");
  }

  private static int indexOf(List<String> lines, String marker) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).strip().equals(marker)) {
        return i;
      }
    }
    throw new AssertionError("marker " + marker + " not found");
  }
}
