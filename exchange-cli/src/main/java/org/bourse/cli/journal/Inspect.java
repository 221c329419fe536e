package org.bourse.cli.journal;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.bourse.core.ExchangeException;
import org.bourse.core.Journal;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExitCode;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bourse journal inspect}: prints journal records, one line each (see {@link CommandText}).
 * Standard output holds only the records, so that it can be searched and cut with the usual tools;
 * notes (a torn tail, a start before the journal's first record) go to standard error.
 */
@Command(
    name = "inspect",
    sortOptions = false,
    description = {
      "Prints journal records one per line: sequence, UTC timestamp, command type and fields.",
      "Prices are in ticks, quantities in lots, amounts in minor units of the asset, fees in"
          + " parts per million; fields a command leaves unset are not shown."
    })
final class Inspect implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin DataDirectory data;

  @Option(
      names = "--from",
      defaultValue = "1",
      paramLabel = "SEQ",
      description = "First sequence to print (default: ${DEFAULT-VALUE}).")
  long from;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "Print at most N records (default: all up to the end).")
  Long limit;

  /**
   * Thrown by the consumer to end a replay early: the journal offers no bounded replay, and reading
   * to the end of a long journal for a few lines would take seconds. Cheap: no stack trace.
   */
  private static final class Enough extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Enough() {
      super(null, null, false, false);
    }
  }

  @Override
  public Integer call() {
    if (from < 1) {
      throw new ParameterException(spec.commandLine(), "--from must be at least 1, was " + from);
    }
    if (limit != null && limit < 1) {
      throw new ParameterException(spec.commandLine(), "--limit must be at least 1, was " + limit);
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (Journal journal = data.openJournal()) {
      for (String line : journal.openReport()) {
        err.println("note: " + line);
      }
      if (from < journal.firstSequence()) {
        err.printf(
            Locale.ROOT,
            "note: the journal starts at sequence %,d (older records were pruned)%n",
            journal.firstSequence());
      } else if (from > journal.lastSequence()) {
        err.printf(Locale.ROOT, "note: the journal ends at sequence %,d%n", journal.lastSequence());
      }
      err.flush();
      print(journal, out);
      return ExitCode.OK;
    } catch (ExchangeException | IOException unreadable) {
      out.flush();
      return data.unreadable(unreadable);
    }
  }

  private void print(Journal journal, PrintWriter out) {
    long[] printed = {0};
    try {
      journal.replay(
          from - 1,
          record -> {
            out.println(CommandText.line(record));
            if (limit != null && ++printed[0] >= limit) {
              throw new Enough();
            }
          });
    } catch (Enough enough) {
      // The limit was reached; the rest of the journal stays unread.
    }
    out.flush();
  }
}
