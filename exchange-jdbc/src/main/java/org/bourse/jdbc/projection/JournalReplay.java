package org.bourse.jdbc.projection;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.bourse.core.CommandResult;
import org.bourse.core.Exchange;
import org.bourse.core.ExchangeException;
import org.bourse.core.ExchangeRuntime;
import org.bourse.core.Journal;

/**
 * Regenerates the results of journaled commands: recovers an engine at a sequence (newest snapshot
 * at or below it, then the journal) and applies the records after it, handing the results to a sink
 * in batches. The engine is deterministic, so these are the results the runtime published.
 */
final class JournalReplay {

  /** Receives the results of the sequences {@code from + 1 .. to}; see {@link ProjectionWriter}. */
  @FunctionalInterface
  interface Sink {
    void write(long from, long to, List<CommandResult> results);
  }

  private JournalReplay() {}

  /**
   * Replays the records after {@code fromSequence} up to {@code throughSequence} or the journal's
   * end, whichever comes first.
   *
   * @param batchSequences how many sequences go to the sink at most in one call
   * @return the last sequence handed to the sink ({@code fromSequence} if there was nothing)
   * @throws ExchangeException if the state at {@code fromSequence} cannot be recovered or the
   *     replay diverges from the journal
   */
  static long replay(
      JournalSource source,
      long fromSequence,
      long throughSequence,
      int batchSequences,
      Sink sink) {
    try (Journal journal = source.journal().open()) {
      long end = Math.min(throughSequence, journal.lastSequence());
      if (end <= fromSequence) {
        return fromSequence;
      }
      ExchangeException pruned = prunedPast(fromSequence, journal);
      if (pruned != null) {
        throw pruned;
      }
      List<String> report = new ArrayList<>();
      Exchange exchange =
          ExchangeRuntime.recover(
              source.replayConfig(), journal, source.snapshots(), fromSequence, report);
      if (exchange.lastSequence() != fromSequence) {
        throw new ExchangeException(
            "cannot rebuild the engine state at sequence "
                + fromSequence
                + ": recovery reached "
                + exchange.lastSequence()
                + " "
                + report);
      }
      Batches batches = new Batches(fromSequence, end, batchSequences, sink);
      journal.replay(
          fromSequence,
          record -> {
            if (record.sequence() <= end) {
              CommandResult result = exchange.apply(record.timestampMs(), record.command());
              if (!result.duplicate() && result.sequence() != record.sequence()) {
                throw new ExchangeException(
                    "replay diverged: record "
                        + record.sequence()
                        + " applied as "
                        + result.sequence());
              }
              batches.add(record.sequence(), result);
            }
          });
      batches.flush();
      if (batches.from != end) {
        throw new ExchangeException(
            "the journal ended at sequence " + batches.from + ", before " + end);
      }
      return end;
    } catch (IOException e) {
      throw new ExchangeException("cannot read the journal: " + e, e);
    }
  }

  /**
   * The error when the journal no longer holds the record after {@code fromSequence}: the results
   * of the missing sequences can never be regenerated (snapshots hold state, not history); null
   * when it does.
   */
  static ExchangeException prunedPast(long fromSequence, Journal journal) {
    long first = journal.firstSequence();
    if (first <= fromSequence + 1) {
      return null;
    }
    return new ExchangeException(
        "the projection's checkpoint is sequence "
            + fromSequence
            + " but the journal starts at sequence "
            + first
            + " (pruned): the results of sequences "
            + (fromSequence + 1)
            + " to "
            + (first - 1)
            + " can never be projected. Rebuild the projection from a complete journal; run a"
            + " projected runtime with journal pruning off, or keep snapshots that cover the"
            + " projection's checkpoint");
  }

  private static final class Batches {
    long from;
    final long end;
    final int size;
    final Sink sink;
    long to;
    final List<CommandResult> results = new ArrayList<>();

    Batches(long from, long end, int size, Sink sink) {
      this.from = from;
      this.to = from;
      this.end = end;
      this.size = size;
      this.sink = sink;
    }

    void add(long sequence, CommandResult result) {
      to = sequence;
      if (!result.duplicate() && !result.events().isEmpty()) {
        results.add(result);
      }
      if (to - from >= size) {
        flush();
      }
    }

    void flush() {
      if (to > from) {
        sink.write(from, to, List.copyOf(results));
        results.clear();
        from = to;
      }
    }
  }
}
