package org.bourse.core.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.bourse.core.RejectReason;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every golden flow in {@code src/test/resources/flows} (see {@link FlowRunner} for the
 * format). With {@code -Dflows.update=true} it rewrites each file with the engine's output instead
 * of comparing, for review in {@code git diff}.
 */
class FlowTest {
  private static final Path DIR =
      Path.of(System.getProperty("flows.dir", "src/test/resources/flows"));
  private static final boolean UPDATE = Boolean.getBoolean("flows.update");

  /** A result line that refuses a command, possibly a remembered one: its reason is group 1. */
  private static final Pattern REJECTED =
      Pattern.compile("^  (?:duplicate of seq \\d+: )?rejected (?:at edge )?([A-Z_]+)");

  /**
   * Reasons the synchronous engine never produces, so no flow can: the runtime refuses a command
   * with them before it reaches the engine (a full queue, a command too large to journal). The
   * runtime tests cover them. Every other reason is reachable, the bounds ones with a small {@code
   * config} header. (One path is not: a transfer cannot overflow, since no account exceeds its
   * asset's supply and deposits keep the supply representable, so the flows produce AMOUNT_OVERFLOW
   * from deposits and order amounts.)
   */
  private static final Set<RejectReason> UNREACHABLE =
      EnumSet.of(RejectReason.BUSY, RejectReason.COMMAND_TOO_LARGE);

  @TestFactory
  Stream<DynamicTest> everyFlowFileMatchesWhatTheExchangeDoes() {
    return flowFiles().stream()
        .map(file -> DynamicTest.dynamicTest(displayName(file), file.toUri(), () -> check(file)));
  }

  @Test
  void everyRejectReasonIsProducedBySomeFlow() {
    // given
    Set<String> produced = new TreeSet<>();
    for (Path file : flowFiles()) {
      for (String line : read(file)) {
        Matcher m = REJECTED.matcher(line);
        if (m.find()) {
          produced.add(m.group(1));
        }
      }
    }

    // when
    List<String> missing = new ArrayList<>();
    for (RejectReason reason : RejectReason.values()) {
      if (!produced.contains(reason.name()) && !UNREACHABLE.contains(reason)) {
        missing.add(reason.name());
      }
    }

    // then
    assertTrue(missing.isEmpty(), () -> "no flow expects " + missing);
  }

  private static void check(Path file) {
    List<String> source = read(file);
    FlowRunner.Outcome first = FlowRunner.run(source);
    FlowRunner.Outcome again = FlowRunner.run(source);
    assertEquals(first.lines(), again.lines(), file + ": two runs of the same flow differ");
    assertEquals(first.stateHash(), again.stateHash(), file + ": two runs end in different states");
    if (UPDATE) {
      if (!first.lines().equals(source)) {
        write(file, first.lines());
      }
      return;
    }
    String diff = FlowDiff.describe(file.getFileName().toString(), source, first.lines());
    if (diff != null) {
      fail(
          file
              + " differs from what the exchange does (rerun with -Dflows.update=true to rewrite"
              + " it, then review git diff):\n"
              + diff);
    }
  }

  /** The file name and its first comment, which states the behaviour the flow shows. */
  private static String displayName(Path file) {
    String name = file.getFileName().toString();
    return read(file).stream()
        .filter(line -> line.startsWith("#"))
        .findFirst()
        .map(line -> name + ": " + line.substring(1).trim())
        .orElse(name);
  }

  private static List<Path> flowFiles() {
    try (Stream<Path> files = Files.list(DIR)) {
      List<Path> flows =
          files.filter(f -> f.toString().endsWith(".flow")).sorted().collect(Collectors.toList());
      assertFalse(flows.isEmpty(), "no .flow files in " + DIR.toAbsolutePath());
      return flows;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> read(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Path file, List<String> lines) {
    try {
      Files.write(file, lines, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
