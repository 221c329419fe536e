package org.bourse.cli.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bourse bench}: benchmarks that run on the user's machine, as opposed to the JMH
 * micro-benchmarks of exchange-bench. It only names its subcommands, so far {@link Durable}.
 */
@Command(
    name = "bench",
    description = {"Benchmarks to run on this machine."},
    subcommands = {Durable.class})
public final class BenchCommand implements Runnable {
  @Spec CommandSpec spec;

  /** Without a subcommand there is nothing to do: say so, with the usage. */
  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing required subcommand");
  }
}
