package org.bourse.cli;

import java.io.PrintWriter;
import org.bourse.core.ExchangeException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IExitCodeExceptionMapper;
import picocli.CommandLine.ParameterException;

/**
 * How failures end the tool: the exit code for each kind of exception, and what is printed.
 *
 * <p>An {@link ExchangeException} reports a broken engine or invariant: its message says what and
 * how to reproduce it, so it is printed as is, with the stack trace only of an underlying cause (an
 * exception thrown inside the engine). Anything else is a bug in the tool and gets a full trace.
 *
 * <p>Subcommands whose job is to find damage (such as {@code bourse journal verify}) return {@link
 * #CORRUPT} and {@link #ENGINE} themselves, as results rather than exceptions, so that the codes
 * are the same however the command line is run.
 */
public final class ExitCodes implements IExitCodeExceptionMapper, IExecutionExceptionHandler {
  /** An internal error in the tool: a bug, reported with its stack trace. */
  public static final int SOFTWARE = 1;

  /** An invalid command line. */
  public static final int USAGE = 2;

  /** The engine failed, or its state broke an invariant. */
  public static final int ENGINE = 3;

  /**
   * The data directory could not be read back into a state: its journal or snapshots are missing,
   * unreadable, damaged or inconsistent with each other.
   */
  public static final int CORRUPT = 4;

  @Override
  public int getExitCode(Throwable exception) {
    if (exception instanceof ParameterException) {
      return USAGE;
    }
    return exception instanceof ExchangeException ? ENGINE : SOFTWARE;
  }

  @Override
  public int handleExecutionException(
      Exception exception, CommandLine commandLine, CommandLine.ParseResult parseResult) {
    PrintWriter err = commandLine.getErr();
    CommandLine.Help.ColorScheme colors = commandLine.getColorScheme();
    if (exception instanceof ExchangeException) {
      String name = commandLine.getCommandSpec().qualifiedName();
      err.println(colors.errorText(name + ": " + exception.getMessage()));
      if (exception.getCause() != null) {
        err.print(colors.stackTraceText(exception.getCause()));
      }
    } else {
      err.print(colors.stackTraceText(exception));
    }
    err.flush();
    return getExitCode(exception);
  }
}
