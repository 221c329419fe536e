package org.bourse.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StorageExampleTest {

  @Test
  void shouldReadTheTradeAndTheBuyersStatementBackFromTheEmbeddedDatabase(@TempDir Path data)
      throws Exception {
    // when
    List<String> printed = run(data);

    // then: 17,000 USDT deposited, 16,252.50 held at the limit price, 16,250 paid at the maker's
    // price, the rest released
    assertEquals(
        List.of(
            "trade #1: 0.2500 BTC at 65000.00",
            "DEPOSIT AVAILABLE 17000.000000 -> 17000.000000",
            "ORDER_HOLD AVAILABLE -16252.500000 -> 747.500000",
            "ORDER_HOLD HELD 16252.500000 -> 16252.500000",
            "TRADE HELD -16250.000000 -> 2.500000",
            "ORDER_RELEASE HELD -2.500000 -> 0.000000",
            "ORDER_RELEASE AVAILABLE 2.500000 -> 750.000000"),
        printed);
    assertTrue(Files.isRegularFile(data.resolve("db").resolve("bourse.mv.db")));
  }

  @Test
  void shouldRecoverTheFirstRunsStateOnASecondRunOverTheSameDirectory(@TempDir Path data)
      throws Exception {
    // given
    run(data);

    // when
    List<String> second = run(data);

    // then: the second run's trade comes after the first one's, both read from the database
    List<String> trades = second.stream().filter(line -> line.startsWith("trade")).toList();
    assertEquals(
        List.of("trade #1: 0.2500 BTC at 65000.00", "trade #2: 0.2500 BTC at 65000.00"), trades);
  }

  @Test
  void readmeShouldQuoteTheExampleExactly() throws IOException {
    // given: the tagged region of the example, unindented, and the module README's java block
    List<String> source =
        Files.readAllLines(Path.of("src/main/java/org/bourse/examples/StorageExample.java"));
    int start = source.indexOf("    // tag::storage[]") + 1;
    int end = source.indexOf("    // end::storage[]");
    String tagged =
        source.subList(start, end).stream()
            .map(line -> line.length() >= 4 ? line.substring(4) : line.strip())
            .collect(Collectors.joining("\n"));
    String readme = Files.readString(Path.of("../exchange-jdbc/README.md"));
    String marker = "<!-- quoted from StorageExample -->\n```java\n";
    int block = readme.indexOf(marker) + marker.length();
    String quoted = readme.substring(block, readme.indexOf("\n```", block));

    // then
    assertTrue(start > 0 && end > start, "tags not found");
    assertEquals(tagged, quoted, "exchange-jdbc/README.md must quote StorageExample verbatim");
  }

  private static List<String> run(Path data) throws Exception {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      StorageExample.main(new String[] {data.toString()});
    } finally {
      System.setOut(original);
    }
    return captured.toString(StandardCharsets.UTF_8).lines().toList();
  }
}
