package org.bourse.cli.journal;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bourse journal}: tools for a runtime's data directory. It only names its subcommands
 * ({@link Verify}, {@link Inspect}, {@link Replay}), which read the data and never change it.
 */
@Command(
    name = "journal",
    description = {
      "Reads a runtime's data directory (journal and snapshots) without changing it: verify"
          + " that it recovers, inspect its records, replay it to a sequence.",
      "Safe beside a running runtime: they take no lock and write nothing; what they see is the"
          + " durable prefix at the moment they open it."
    },
    subcommands = {Verify.class, Inspect.class, Replay.class, Reconcile.class})
public final class JournalCommand implements Runnable {
  @Spec CommandSpec spec;

  /** Without a subcommand there is nothing to do: say so, with the usage. */
  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing required subcommand");
  }
}
