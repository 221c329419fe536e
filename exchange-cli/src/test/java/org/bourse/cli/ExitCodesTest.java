package org.bourse.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.bourse.core.ExchangeException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ExitCodesTest {
  private final StringWriter err = new StringWriter();
  private final CommandLine bourse = Bourse.commandLine();

  ExitCodesTest() {
    bourse.setErr(new PrintWriter(err));
  }

  @Test
  void shouldReportABrokenInvariantInOneLineWithTheEngineExitCode() {
    // when
    int exitCode =
        new ExitCodes()
            .handleExecutionException(
                new ExchangeException("asset 2 sums to 5, not 0"), bourse, null);

    // then
    assertEquals(ExitCodes.ENGINE, exitCode);
    assertEquals("bourse: asset 2 sums to 5, not 0", err.toString().strip());
  }

  @Test
  void shouldShowTheTraceOfAnExceptionThrownInsideTheEngine() {
    // when
    int exitCode =
        new ExitCodes()
            .handleExecutionException(
                new ExchangeException("the engine failed", new ArithmeticException("overflow")),
                bourse,
                null);

    // then
    assertEquals(ExitCodes.ENGINE, exitCode);
    assertTrue(err.toString().contains("java.lang.ArithmeticException: overflow"), err::toString);
  }

  @Test
  void shouldTreatAnyOtherExceptionAsABugInTheTool() {
    // when
    int exitCode =
        new ExitCodes().handleExecutionException(new IllegalStateException("oops"), bourse, null);

    // then
    assertEquals(ExitCodes.SOFTWARE, exitCode);
    assertTrue(err.toString().contains("java.lang.IllegalStateException: oops"), err::toString);
  }

  @Test
  void shouldGiveTheUsageExitCodeForABadCommandLineAsMainRunsIt() {
    // when
    int exitCode = bourse.execute("simulate", "--users", "none");

    // then
    assertEquals(ExitCodes.USAGE, exitCode);
    assertFalse(err.toString().isEmpty());
  }
}
