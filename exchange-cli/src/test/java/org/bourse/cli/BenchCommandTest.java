package org.bourse.cli;

import static org.bourse.cli.BourseRun.bourse;
import static org.bourse.cli.BourseRun.find;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives {@code bourse bench durable} end to end. The figures depend on the machine, so the tests
 * check the report's structure and its consistency, never the numbers themselves.
 */
class BenchCommandTest {
  private static final String HEADER =
      "| producers | commands | seconds | commands/s | fsyncs | commands/fsync | p50 ms | p90 ms"
          + " | p99 ms | p99.9 ms | max ms |";
  private static final Pattern STATE_HASH = Pattern.compile("state hash +([0-9a-f]{16})");
  private static final Pattern DATA = Pattern.compile("data +(\\S+) \\(");

  @TempDir Path temp;

  /** The cells of a markdown table line, without the outer pipes and padding. */
  private static List<String> cells(String line) {
    assertTrue(line.startsWith("|") && line.endsWith("|"), line);
    return Arrays.stream(line.substring(1, line.length() - 1).split("\\|"))
        .map(String::strip)
        .toList();
  }

  @Test
  void shouldPrintAMarkdownTableOfThroughputAndLatencyAndDeleteItsData() {
    // when
    BourseRun run = bourse("bench", "durable", "--commands", "20000");

    // then
    assertEquals(0, run.exitCode(), run::err);
    List<String> lines = run.out().lines().toList();
    int header =
        lines.indexOf(
            lines.stream()
                .filter(l -> l.startsWith("| producers"))
                .findFirst()
                .orElseThrow(() -> new AssertionError(run.out())));
    assertEquals(cells(HEADER), cells(lines.get(header)));
    assertTrue(lines.get(header + 1).matches("\\|(-+:\\|){11}"), lines.get(header + 1));
    List<String> row = cells(lines.get(header + 2));
    assertEquals(11, row.size(), row::toString);
    assertEquals("2", row.get(0));
    assertEquals("20,000", row.get(1));
    for (String cell : row.subList(2, row.size())) {
      assertTrue(cell.matches("[0-9,]+(\\.[0-9]+)?"), () -> cell + " in " + row);
    }
    assertEquals(lines.get(header).length(), lines.get(header + 2).length(), "aligned columns");
    assertTrue(run.out().contains("exact percentiles of all 20,000 commands"), run::out);
    assertTrue(run.out().contains("warm-up     100,000 commands of the flow, not timed"), run::out);
    assertTrue(run.out().contains("BUSY retries"), run::out);
    assertTrue(run.out().endsWith("ledger invariants: OK" + System.lineSeparator()), run::out);
    assertTrue(run.out().contains("deleted after the run"), run::out);
    assertFalse(Files.exists(Path.of(find(DATA, run.out()))), run::out);
    assertEquals("", run.err());
  }

  @Test
  void shouldKeepTheDataItWasGivenForTheJournalToolsToVerify() {
    // given
    Path data = temp.resolve("bench");

    // when
    BourseRun bench =
        bourse(
            "bench",
            "durable",
            "--commands",
            "5000",
            "--warmup",
            "1000",
            "--producers",
            "3",
            "--data",
            data.toString());
    BourseRun verify = bourse("journal", "verify", "--data", data.toString());

    // then
    assertEquals(0, bench.exitCode(), bench::err);
    assertTrue(
        bench.out().contains("kept: check it with bourse journal verify --data " + data),
        bench::out);
    assertTrue(bench.out().contains("|         3 |"), bench::out);
    assertEquals(0, verify.exitCode(), verify::err);
    assertEquals(find(STATE_HASH, bench.out()), find(STATE_HASH, verify.out()));
  }

  @Test
  void shouldRefuseADataDirectoryThatAlreadyHoldsSomething() throws IOException {
    // given
    Files.writeString(temp.resolve("journal"), "not mine");

    // when
    BourseRun run = bourse("bench", "durable", "--commands", "100", "--data", temp.toString());

    // then
    assertEquals(ExitCodes.USAGE, run.exitCode());
    assertTrue(run.err().contains("must be a new or empty directory"), run::err);
    assertEquals("", run.out());
  }

  @Test
  void shouldRefuseBadCountsWithTheUsageExitCode() {
    // when
    BourseRun producers = bourse("bench", "durable", "--producers", "0");
    BourseRun window = bourse("bench", "durable", "--in-flight", "0");
    BourseRun batch = bourse("bench", "durable", "--batch", "0");
    BourseRun warmup = bourse("bench", "durable", "--warmup", "-1");

    // then
    assertEquals(ExitCodes.USAGE, producers.exitCode());
    assertTrue(producers.err().contains("--producers must be 1 to 256, was 0"), producers::err);
    assertEquals(ExitCodes.USAGE, window.exitCode());
    assertTrue(window.err().contains("--in-flight must be at least 1"), window::err);
    assertEquals(ExitCodes.USAGE, batch.exitCode());
    assertTrue(batch.err().contains("--batch must be at least 1"), batch::err);
    assertEquals(ExitCodes.USAGE, warmup.exitCode());
    assertTrue(warmup.err().contains("--warmup must not be negative"), warmup::err);
  }
}
