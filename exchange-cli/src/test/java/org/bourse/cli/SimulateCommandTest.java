package org.bourse.cli;

import static org.bourse.cli.BourseRun.bourse;
import static org.bourse.cli.BourseRun.find;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** Drives {@code bourse simulate} end to end, as a user would, with its output captured. */
class SimulateCommandTest {
  private static final Pattern STATE_HASH = Pattern.compile("state hash +([0-9a-f]{16})");
  private static final Pattern TRADES = Pattern.compile("(?m)^trades +([0-9,]+)$");

  /** A small run: quick, yet long enough for every agent to act many times. */
  private static BourseRun simulate(String... extraArgs) {
    String[] small = {"simulate", "--commands", "20000", "--users", "60", "--no-progress"};
    return bourse(Stream.concat(Stream.of(small), Stream.of(extraArgs)).toArray(String[]::new));
  }

  @Test
  void shouldExitZeroAndReportTradesAndInvariantsForASmallRun() {
    // when
    BourseRun run = simulate("--seed", "7");

    // then
    assertEquals(0, run.exitCode(), run::err);
    assertTrue(run.out().contains("simulated 20,000 commands"), run::out);
    assertTrue(run.out().contains("invariants: OK (checked once)"), run::out);
    long trades = Long.parseLong(find(TRADES, run.out()).replace(",", ""));
    assertTrue(trades > 0, run::out);
    assertTrue(run.out().contains("commands/s"), run::out);
    assertEquals("", run.err());
  }

  @Test
  void shouldPrintTheSameStateHashForTheSameSeed() {
    // when
    BourseRun first = simulate("--seed", "11");
    BourseRun second = simulate("--seed", "11");

    // then
    assertEquals(find(STATE_HASH, first.out()), find(STATE_HASH, second.out()));
    assertEquals(find(TRADES, first.out()), find(TRADES, second.out()));
  }

  @Test
  void shouldPrintAnotherStateHashForAnotherSeed() {
    // when
    BourseRun first = simulate("--seed", "11");
    BourseRun second = simulate("--seed", "12");

    // then
    assertNotEquals(find(STATE_HASH, first.out()), find(STATE_HASH, second.out()));
  }

  @Test
  void shouldReachTheSameStateWhateverEventsTheEngineBuilds() {
    // when
    BourseRun none = simulate("--seed", "3", "--events", "NONE");
    BourseRun trades = simulate("--seed", "3", "--events", "TRADES");
    BourseRun full = simulate("--seed", "3", "--events", "FULL");

    // then: the same state, and TRADES counts the trades FULL counts
    assertEquals(0, none.exitCode(), none::err);
    assertEquals(0, trades.exitCode(), trades::err);
    assertTrue(none.out().contains("not counted"), none::out);
    assertEquals(find(STATE_HASH, full.out()), find(STATE_HASH, none.out()));
    assertEquals(find(STATE_HASH, full.out()), find(STATE_HASH, trades.out()));
    String tradeCount = find(TRADES, full.out());
    assertTrue(Long.parseLong(tradeCount.replace(",", "")) > 0, full::out);
    assertEquals(tradeCount, find(TRADES, trades.out()));
  }

  @Test
  void shouldCheckTheInvariantsEveryNCommandsWhenAsked() {
    // when
    BourseRun run = simulate("--verify-every", "3000");

    // then: at 3,000, 6,000 ... 18,000 and at the end
    assertEquals(0, run.exitCode(), run::err);
    assertTrue(run.out().contains("invariants: OK (checked 7 times)"), run::out);
  }

  @Test
  void shouldTradeOnlyTheChosenInstruments() {
    // when
    BourseRun run = simulate("--instruments", "SOLUSDT,ETHBTC");

    // then
    assertEquals(0, run.exitCode(), run::err);
    assertTrue(run.out().contains("  SOLUSDT "), run::out);
    assertTrue(run.out().contains("  ETHBTC "), run::out);
    assertFalse(run.out().contains("BTCUSDT"), run::out);
  }

  @Test
  void shouldDrawProgressInPlaceOnStderrWhenAsked() {
    // when
    BourseRun run = bourse("simulate", "--commands", "20000", "--users", "60", "--progress");

    // then: the last drawing shows the whole run; the report itself stays clean
    assertEquals(0, run.exitCode(), run::err);
    assertTrue(run.err().contains("\rsimulate: 100%  20,000 of 20,000 commands"), run::err);
    assertFalse(run.out().contains("\r"), run::out);
  }

  static Stream<Arguments> badOptions() {
    return Stream.of(
        Arguments.of(new String[] {"--commands", "0"}, "--commands must be at least 1, was 0"),
        Arguments.of(new String[] {"--commands", "many"}, "'many' is not a long"),
        Arguments.of(new String[] {"--users", "2"}, "--users must be 3"),
        Arguments.of(new String[] {"--verify-every", "-1"}, "--verify-every must be 0"),
        Arguments.of(new String[] {"--seed", "0x1F"}, "'0x1F' is not a long"),
        Arguments.of(
            new String[] {"--instruments", "BTCUSDT,DOGEUSDT"},
            "expected one of [BTCUSDT, ETHUSDT, ETHBTC, SOLUSDT] (case-sensitive) but was"
                + " 'DOGEUSDT'"),
        Arguments.of(
            new String[] {"--events", "SOME"}, "expected one of [NONE, TRADES, ORDERS, FULL]"),
        Arguments.of(new String[] {"--speed", "9"}, "Unknown options: '--speed', '9'"));
  }

  @ParameterizedTest
  @MethodSource("badOptions")
  void shouldRefuseBadOptionValuesWithTheUsageExitCode(String[] args, String message) {
    // when
    String[] command = Stream.concat(Stream.of("simulate"), Stream.of(args)).toArray(String[]::new);
    BourseRun run = bourse(command);

    // then
    assertEquals(CommandLine.ExitCode.USAGE, run.exitCode());
    assertTrue(run.err().contains(message), run::err);
    assertTrue(run.err().contains("Usage: bourse simulate"), run::err);
    assertEquals("", run.out());
  }

  @Test
  void shouldAskForASubcommandWhenGivenNone() {
    // when
    BourseRun run = bourse();

    // then
    assertEquals(CommandLine.ExitCode.USAGE, run.exitCode());
    assertTrue(run.err().contains("Missing required subcommand"), run::err);
    assertTrue(run.err().contains("simulate"), run::err);
  }
}
