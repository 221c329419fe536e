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
 */
final class ExitCodes implements IExitCodeExceptionMapper, IExecutionExceptionHandler {
  static final int SOFTWARE = 1;
  static final int USAGE = 2;
  static final int ENGINE = 3;

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
