package org.bourse.cli.journal;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.bourse.core.ExchangeException;
import org.bourse.core.Journal;
import org.bourse.core.SnapshotStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bourse journal replay}: rebuilds the state at a past sequence, as recovery would (the
 * newest valid snapshot at or below it, then the journal), and prints its state hash and the
 * invariant check: to find where two replicas' histories part, or when an invariant first broke.
 * Exit codes as for {@link Verify}.
 */
@Command(
    name = "replay",
    sortOptions = false,
    description = {
      "Rebuilds the state up to a sequence from the newest valid snapshot at or below it and the"
          + " journal, then prints the sequence reached, the state hash and the ledger invariant"
          + " check. Read-only."
    })
final class Replay implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin DataDirectory data;

  @Option(
      names = "--to",
      required = true,
      paramLabel = "SEQ",
      description = "The sequence to stop at, from 0 (the empty exchange) to the journal's last.")
  long to;

  @Option(
      names = "--ignore-snapshots",
      description = "Replay the journal from sequence 1 instead of starting from a snapshot.")
  boolean ignoreSnapshots;

  @Override
  public Integer call() {
    if (to < 0) {
      throw new ParameterException(spec.commandLine(), "--to must not be negative, was " + to);
    }
    PrintWriter out = spec.commandLine().getOut();
    try (Journal journal = data.openJournal()) {
      if (to > journal.lastSequence()) {
        throw new ParameterException(
            spec.commandLine(),
            "--to " + to + " is past the journal's last sequence " + journal.lastSequence());
      }
      for (String line : journal.openReport()) {
        out.println("journal note  " + line);
      }
      Recovery recovery =
          Recovery.run(journal, ignoreSnapshots ? SnapshotStore.none() : data.snapshots(), to);
      int exitCode = recovery.print(out, ignoreSnapshots);
      // Recovery promises exactly this; a tool that exists to catch broken promises checks it.
      if (recovery.exchange().lastSequence() != to) {
        return data.unreadable(
            new ExchangeException(
                "asked for sequence "
                    + to
                    + ", recovery reached "
                    + recovery.exchange().lastSequence()));
      }
      return exitCode;
    } catch (ExchangeException | IOException unreadable) {
      return data.unreadable(unreadable);
    }
  }
}
