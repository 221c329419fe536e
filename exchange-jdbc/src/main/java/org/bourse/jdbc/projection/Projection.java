package org.bourse.jdbc.projection;

import java.io.IOException;
import java.util.Objects;
import org.bourse.core.EventDetail;
import org.bourse.core.ExchangeException;
import org.bourse.core.ExchangeRuntime;
import org.bourse.core.Journal;
import org.bourse.core.SnapshotStore;
import org.bourse.jdbc.Database;

/**
 * The history projection of an exchange in a database: orders (current state and every change),
 * trades, the ledger's entries and postings (the double-entry audit trail with its hash chain) and
 * each user's balances, fed from the engine's results and queried through {@link #queries()}.
 *
 * <p>Rows are written in batches, each in one transaction with a checkpoint (the journal sequence
 * through which the tables are complete), so the projection is exactly-once: a crash loses no row
 * and a restart duplicates none. It can always be rebuilt from the journal, the single source of
 * truth.
 *
 * <p>Units as in exchange-core: amounts in minor units of their asset, prices in ticks, quantities
 * in lots, times in epoch milliseconds.
 *
 * <p><b>Thread-safety:</b> safe for concurrent use. One writer at a time: a {@link Projector}, or
 * {@link #catchUp}, or {@link #rebuild}.
 */
public final class Projection {
  /**
   * Journal sequences per transaction, at most. Large, because an order or balance changed many
   * times within a batch is written once, and because the balances (a few rows changed by nearly
   * every batch) are rewritten once per batch: in the {@code projection} benchmark, going from
   * 2,048 to 16,384 cut the time spent on balances by about 3x and on orders by about a quarter.
   */
  static final int BATCH_SEQUENCES = 16_384;

  private final Database database;
  private final ProjectionWriter writer;

  private Projection(Database database) {
    this.database = database;
    this.writer = new ProjectionWriter(database);
  }

  /**
   * The projection in an open (and so migrated) database.
   *
   * @throws ExchangeException if its tables cannot be read
   */
  public static Projection open(Database database) {
    Projection projection = new Projection(Objects.requireNonNull(database, "database"));
    projection.checkpoint();
    return projection;
  }

  /** The journal sequence through which the tables are complete (0 when empty). */
  public long checkpoint() {
    return writer.checkpoint();
  }

  /**
   * Starts keeping the projection up to date with a running runtime: see {@link Projector}.
   *
   * @param source the runtime's journal and snapshots, read to catch up
   * @throws IllegalArgumentException if the source's config does not build every event
   */
  public Projector projector(ExchangeRuntime runtime, JournalSource source) {
    requireFullEvents(source);
    Objects.requireNonNull(runtime, "runtime");
    return new Projector(runtime, source, writer, BATCH_SEQUENCES);
  }

  /**
   * Applies everything the journal holds after the checkpoint, without a runtime (e.g. in a process
   * of its own, or before starting the runtime).
   *
   * @return the new checkpoint
   */
  public long catchUp(JournalSource source) {
    return JournalReplay.replay(
        source, checkpoint(), Long.MAX_VALUE, BATCH_SEQUENCES, writer::write);
  }

  /**
   * Deletes every projected row and replays the whole journal into the tables. Stop the projector
   * first. Needs the journal from sequence 1: snapshots hold state, not history.
   *
   * @return the new checkpoint (the journal's last sequence)
   * @throws ExchangeException if the journal was pruned
   */
  public long rebuild(JournalSource source) {
    try (Journal journal = source.journal().open()) {
      if (journal.firstSequence() > 1) {
        throw new ExchangeException(
            "rebuild needs the whole journal, but it starts at sequence "
                + journal.firstSequence()
                + " (pruned): snapshots hold state, not history");
      }
    } catch (IOException e) {
      throw new ExchangeException("cannot open the journal: " + e, e);
    }
    writer.clear();
    JournalSource fromScratch =
        new JournalSource(source.config(), source.journal(), SnapshotStore.none());
    return JournalReplay.replay(fromScratch, 0, Long.MAX_VALUE, BATCH_SEQUENCES, writer::write);
  }

  /** Read queries over the tables, with keyset pagination. */
  public HistoryQueries queries() {
    return new HistoryQueries(database.jdbi());
  }

  /** The database the projection lives in. */
  Database database() {
    return database;
  }

  private static void requireFullEvents(JournalSource source) {
    if (source.config().eventDetail() != EventDetail.FULL) {
      throw new IllegalArgumentException(
          "config.eventDetail must be FULL for a projector: the runtime's results must carry"
              + " balances and ledger entries, was "
              + source.config().eventDetail());
    }
  }
}
