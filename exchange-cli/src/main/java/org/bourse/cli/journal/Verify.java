package org.bourse.cli.journal;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.bourse.cli.ExitCodes;
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
 * {@code bourse journal verify}: checks that a data directory recovers, exactly as the runtime
 * would recover it, without changing it.
 *
 * <p>Opening the journal read-only checks the CRC32C of every record; a torn tail is reported and
 * left in place, damage anywhere else stops with the file and offset. Then the newest valid
 * snapshot is restored and the journal replayed to its end, and the ledger and book invariants are
 * checked. Exit codes: 0 when all of that succeeds (a torn tail or a skipped damaged snapshot is
 * reported, not an error, since the runtime recovers from both); {@link ExitCodes#CORRUPT} when the
 * data cannot be read back into a state, or a snapshot is newer than the journal's end
 * (acknowledged records went missing); {@link ExitCodes#ENGINE} when the recovered state breaks an
 * invariant.
 */
@Command(
    name = "verify",
    sortOptions = false,
    description = {
      "Checks every journal record (CRC32C), restores the newest valid snapshot, replays the"
          + " journal to its end and checks the ledger invariants; prints the records checked,"
          + " the first and last sequence, what opening found, the state hash and the check.",
      "Read-only: a torn tail is reported, not cut off. The state is rebuilt with the engine's"
          + " default bounds (ExchangeConfig.defaults()), which the runtime must have used too."
    })
final class Verify implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin DataDirectory data;

  @Option(
      names = "--ignore-snapshots",
      description =
          "Replay the whole journal from sequence 1 instead of starting from a snapshot; needs a"
              + " journal that was never pruned.")
  boolean ignoreSnapshots;

  @Option(
      names = "--check-snapshots",
      description =
          "Also replay the journal across every snapshot it covers and check that each one holds"
              + " the state the journal gives at its sequence: recovery trusts the newest readable"
              + " snapshot, and only this finds one that does not belong to the journal.")
  boolean checkSnapshots;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    try (Journal journal = data.openJournal()) {
      if (ignoreSnapshots && journal.firstSequence() > 1) {
        throw new ParameterException(
            spec.commandLine(),
            "--ignore-snapshots needs the whole journal, but this one was pruned: it starts at"
                + " sequence "
                + journal.firstSequence());
      }
      printJournal(out, journal);
      SnapshotStore snapshots = data.snapshots();
      Recovery recovery =
          Recovery.run(
              journal, ignoreSnapshots ? SnapshotStore.none() : snapshots, journal.lastSequence());
      int exitCode = recovery.print(out, ignoreSnapshots);
      List<Long> sequences = snapshots.sequences();
      if (!sequences.isEmpty() && sequences.get(0) > journal.lastSequence()) {
        // The runtime journals every command before applying it, so a snapshot can only be
        // newer than the journal if acknowledged records went missing. Recovery would pass over
        // it silently and reuse their sequence numbers.
        return data.unreadable(
            new ExchangeException(
                "snapshot at sequence "
                    + sequences.get(0)
                    + " is newer than the journal's last record "
                    + journal.lastSequence()
                    + ": acknowledged records are missing from the journal"));
      }
      // Recovery promises exactly this; a tool that exists to catch broken promises checks it.
      if (recovery.exchange().lastSequence() != journal.lastSequence()) {
        return data.unreadable(
            new ExchangeException(
                "recovery reached sequence "
                    + recovery.exchange().lastSequence()
                    + " but the journal ends at "
                    + journal.lastSequence()));
      }
      if (checkSnapshots) {
        int differing = SnapshotCheck.run(journal, snapshots, out);
        if (differing > 0) {
          return data.unreadable(
              new ExchangeException(
                  differing
                      + " snapshot"
                      + (differing == 1 ? " differs" : "s differ")
                      + " from the journal; recovery may restore a state the journal never had"));
        }
      }
      return exitCode;
    } catch (ExchangeException | IOException unreadable) {
      return data.unreadable(unreadable);
    }
  }

  private void printJournal(PrintWriter out, Journal journal) throws IOException {
    DataDirectory.SegmentFiles files = data.segmentFiles();
    out.printf(
        Locale.ROOT,
        "journal       %s: %,d segment%s, %,d bytes%n",
        data.journalDirectory(),
        files.count(),
        files.count() == 1 ? "" : "s",
        files.bytes());
    long first = journal.firstSequence();
    long last = journal.lastSequence();
    if (last < first) {
      out.println("records       none");
    } else {
      out.printf(
          Locale.ROOT,
          "records       %,d checked (CRC32C), sequences %,d to %,d%n",
          last - first + 1,
          first,
          last);
    }
    List<String> report = journal.openReport();
    out.println(report.isEmpty() ? "open report   clean" : "open report");
    for (String line : report) {
      out.println("  " + line);
    }
    out.flush();
  }
}
