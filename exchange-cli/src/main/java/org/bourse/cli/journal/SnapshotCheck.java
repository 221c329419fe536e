package org.bourse.cli.journal;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;
import org.bourse.core.CommandResult;
import org.bourse.core.Exchange;
import org.bourse.core.ExchangeException;
import org.bourse.core.Journal;
import org.bourse.core.SnapshotStore;

/**
 * Checks snapshots against the journal: replays the journal once and compares the state hash at
 * each snapshot's sequence with the hash of the snapshot itself.
 *
 * <p>Why: the journal is the source of truth and a snapshot only a shortcut through it, but
 * recovery trusts the newest snapshot it can read. A snapshot that does not match the journal (left
 * over from an earlier life of the directory whose journal was lost or replaced, or written by a
 * faulty engine) goes unnoticed by recovery and by the CRCs, and only a replay of the journal
 * across it shows it. The replay starts from sequence 0 when the journal was never pruned, else
 * from the oldest snapshot it covers, which is then the base and not itself checked.
 */
final class SnapshotCheck {
  private SnapshotCheck() {}

  /**
   * Prints one line per snapshot and gives how many differ from the journal.
   *
   * @throws ExchangeException if a record cannot be read back or applied
   */
  static int run(Journal journal, SnapshotStore snapshots, PrintWriter out) throws IOException {
    List<Long> sequences = new ArrayList<>(snapshots.sequences());
    Collections.sort(sequences);
    out.println("snapshot check (each snapshot against the journal replayed across it)");
    Exchange base = Exchange.create(Recovery.CONFIG);
    long first = journal.firstSequence();
    if (first > 1) {
      Optional<Exchange> oldest = oldestCovered(journal, snapshots, sequences, out);
      if (oldest.isEmpty()) {
        out.printf(
            Locale.ROOT,
            "  none: the journal starts at %,d and no valid snapshot lies where it begins%n",
            first);
        return 0;
      }
      base = oldest.get();
    }
    // The hash each snapshot recorded, by sequence; only those the replay will pass.
    TreeMap<Long, Long> expected = new TreeMap<>();
    for (long sequence : sequences) {
      if (sequence <= base.lastSequence()) {
        if (sequence < base.lastSequence()) {
          out.printf(Locale.ROOT, "  %,d: before the journal starts, not checked%n", sequence);
        }
        continue;
      }
      if (sequence > journal.lastSequence()) {
        out.printf(Locale.ROOT, "  %,d: newer than the journal, not checked%n", sequence);
        continue;
      }
      List<String> report = new ArrayList<>();
      Optional<Exchange> snapshot = snapshots.readNewest(Recovery.CONFIG, sequence, report);
      if (snapshot.isPresent() && snapshot.get().lastSequence() == sequence) {
        expected.put(sequence, snapshot.get().stateHash());
      } else {
        out.printf(Locale.ROOT, "  %,d: damaged, not checked: %s%n", sequence, report);
      }
    }
    return compare(journal, base, expected, out);
  }

  /** The oldest valid snapshot from which the (pruned) journal continues without a gap. */
  private static Optional<Exchange> oldestCovered(
      Journal journal, SnapshotStore snapshots, List<Long> ascending, PrintWriter out)
      throws IOException {
    for (long sequence : ascending) {
      if (sequence + 1 < journal.firstSequence()) {
        continue;
      }
      Optional<Exchange> snapshot =
          snapshots.readNewest(Recovery.CONFIG, sequence, new ArrayList<>());
      if (snapshot.isPresent() && snapshot.get().lastSequence() == sequence) {
        out.printf(Locale.ROOT, "  %,d: the base of the replay, not checked%n", sequence);
        return snapshot;
      }
    }
    return Optional.empty();
  }

  private static int compare(
      Journal journal, Exchange state, TreeMap<Long, Long> expected, PrintWriter out) {
    if (expected.isEmpty()) {
      return 0;
    }
    int[] differing = {0};
    long through = expected.lastKey();
    journal.replay(
        state.lastSequence(),
        record -> {
          if (record.sequence() > through) {
            return;
          }
          CommandResult result = state.apply(record.timestampMs(), record.command());
          if (result.sequence() != record.sequence() && !result.duplicate()) {
            throw new ExchangeException(
                "replay diverged: record "
                    + record.sequence()
                    + " applied as "
                    + result.sequence());
          }
          Long hash = expected.get(record.sequence());
          if (hash == null) {
            return;
          }
          long actual = state.stateHash();
          if (actual == hash) {
            out.printf(Locale.ROOT, "  %,d: matches the journal%n", record.sequence());
          } else {
            differing[0]++;
            out.printf(
                Locale.ROOT,
                "  %,d: DIFFERS from the journal: snapshot hash %016x, journal gives %016x%n",
                record.sequence(),
                hash,
                actual);
          }
        });
    out.flush();
    return differing[0];
  }
}
