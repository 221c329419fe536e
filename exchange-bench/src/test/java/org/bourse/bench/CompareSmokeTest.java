package org.bourse.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnJre;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny run of the whole harness: every section but JMH (which forks JVMs and is slow), every
 * engine, small numbers, a machine stall probe of 0.2 s. Checks the report's structure, never its
 * speed.
 */
// exchange-core 0.5.3 (chronicle-core) runs on Java 17 only; on newer JDKs these report skipped.
@EnabledOnJre(JRE.JAVA_17)
class CompareSmokeTest {

  @Test
  void shouldWriteTheReportWithEverySectionAndRatio(@TempDir Path dir) throws Exception {
    // given
    Path out = dir.resolve("results/report.md");
    String[] args = {
      "--quick",
      "--sections",
      "jitter,diff,throughput,latency,memory,alloc",
      "--jitter-seconds",
      "0.2",
      "--commands",
      "20000",
      "--warmup",
      "0",
      "--iterations",
      "2",
      "--users",
      "200",
      "--multi-symbols",
      "3",
      "--multi-users",
      "300",
      "--resting",
      "100",
      "--rates",
      "5000",
      "--latency-seconds",
      "0.2",
      "--diff-commands",
      "20000",
      "--memory-orders",
      "20000",
      "--journal-dir",
      dir.toString(),
      "--out",
      out.toString()
    };
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();

    // when
    int status = Compare.main(args, new PrintStream(stdout, true, StandardCharsets.UTF_8.name()));

    // then
    assertEquals(0, status);
    String report = Files.readString(out);
    assertEquals(report, stdout.toString(StandardCharsets.UTF_8));
    for (String heading :
        new String[] {
          "# Bourse vs exchange-core 0.5.3",
          "| heap | initial ",
          "## Machine stalls",
          "| spinning threads | thread | gaps > 20 µs |",
          "| 1 | 1 | ",
          "| 2 | 1 | ",
          "| 2 | 2 | ",
          "## Summary: Bourse / exchange-core",
          "## Differential check",
          "**PASS**",
          "## Throughput",
          "### exchange-core mix, 1 symbol",
          "### exchange-core mix, 3 symbols",
          "### crypto mix, 1 symbol",
          "### crypto mix, 3 symbols",
          "## Latency",
          "| rate | engine | lateness p50 | p99 | p99.9 | max | service p50 | p99 | p99.9 | max"
              + " | steal | warm-up | JIT |",
          "## Memory",
          "## Allocation per command"
        }) {
      assertTrue(report.contains(heading), "missing " + heading + " in\n" + report);
    }
    for (String engine :
        new String[] {
          "| Bourse sync |",
          "| " + Compare.SYNC_WITH_ORDERS + " |",
          "| Bourse runtime |",
          "| Bourse runtime + file journal |",
          "| exchange-core |"
        }) {
      assertTrue(report.contains(engine), "missing row " + engine);
    }
    assertTrue(report.contains("| throughput (median) | crypto mix, 1 symbol | "));
    assertTrue(report.contains("| latency p99 at 5,000/s |"));
    for (String engine :
        new String[] {
          "Bourse runtime",
          "Bourse runtime + file journal",
          "exchange-core",
          CoreDriver.THROUGHPUT_PROFILE
        }) {
      String row = "| 5,000/s | " + engine + " | ";
      assertEquals(
          4, occurrences(report, row), "per mix, a latency row and a split row for " + engine);
    }
    assertEquals(
        !HeapSetup.current().ready(),
        report.contains(HeapSetup.WARNING),
        "the heap warning exactly when this JVM's heap is not fixed and pre-touched");
    assertTrue(report.matches("(?s).*\\| Bourse sync \\| [0-9,]+ \\| .*"), "a rate cell");
    assertTrue(
        report.matches("(?s).*\\| Bourse sync \\| [0-9,]+ \\|[^\n]* \\| [0-9]+\\.[0-9] \\|\n.*"),
        "a machine speed cell");
    assertTrue(
        report.matches("(?s).*\\| [0-9]+\\.[0-9]{2} s \\| [0-9]+ ms \\|\n.*"),
        "a warm-up cell and a JIT cell (HotSpot reports compilation time)");
    assertTrue(report.contains("×"), "ratio cells");
    assertTrue(!report.contains("## Problems"), report);
  }

  private static int occurrences(String text, String part) {
    int n = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
      n++;
    }
    return n;
  }
}
