package org.bourse.cli;

import org.bourse.cli.bench.BenchCommand;
import org.bourse.cli.journal.JournalCommand;
import org.bourse.cli.simulate.Simulate;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code bourse} command-line tool. Each subcommand is its own class; this one only names them
 * and, in {@link #main}, sets how failures become exit codes (see {@link ExitCodes}).
 */
@Command(
    name = "bourse",
    // Subcommands inherit the help and version options and the list of exit codes.
    scope = ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    versionProvider = Bourse.Version.class,
    description = "Bourse, an embeddable exchange for the JVM.",
    subcommands = {
      Simulate.class,
      JournalCommand.class,
      BenchCommand.class,
      CommandLine.HelpCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:Success.",
      "1:Internal error in the tool.",
      "2:Invalid command line.",
      "3:The engine failed or an invariant was broken.",
      "4:The data directory is unreadable, damaged or inconsistent."
    })
public final class Bourse implements Runnable {
  @Spec CommandSpec spec;

  /** Runs the tool and exits with its exit code. */
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The tool as {@link #main} runs it: with its exit codes and failure messages. */
  static CommandLine commandLine() {
    ExitCodes exitCodes = new ExitCodes();
    return new CommandLine(new Bourse())
        .setExitCodeExceptionMapper(exitCodes)
        .setExecutionExceptionHandler(exitCodes);
  }

  /** Without a subcommand there is nothing to do: say so, with the usage. */
  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing required subcommand");
  }

  /** The version from the jar's manifest; classes run from a build directory have none. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Bourse.class.getPackage().getImplementationVersion();
      return new String[] {
        "bourse " + (version != null ? version : "(development build)"),
        "${java.vm.name} ${java.version}"
      };
    }
  }
}
