package org.bourse.cli.journal;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import org.bourse.cli.ExitCodes;
import org.bourse.core.EventDetail;
import org.bourse.core.Exchange;
import org.bourse.core.ExchangeConfig;
import org.bourse.core.ExchangeException;
import org.bourse.core.ExchangeRuntime;
import org.bourse.core.Journal;
import org.bourse.core.SnapshotStore;

/**
 * A state rebuilt from a data directory by the runtime's own recovery ({@link
 * ExchangeRuntime#recover}), with what the tools report about it: the snapshot it started from, how
 * many records it replayed and how long that took.
 *
 * @param snapshotSequence the sequence of the snapshot recovery started from, empty if none
 * @param report what recovery skipped or found (damaged snapshots, a snapshot newer than the
 *     journal)
 */
record Recovery(Exchange exchange, OptionalLong snapshotSequence, List<String> report, long nanos) {

  /**
   * The engine config the runtime runs with by default. Recovery must use the runtime's bounds; the
   * events it builds do not change the state or its hash, so none are built, which is fastest.
   */
  static final ExchangeConfig CONFIG = ExchangeConfig.defaults().withEventDetail(EventDetail.NONE);

  /**
   * Rebuilds the state at {@code sequence}: the newest valid snapshot at or below it, then the
   * journal after the snapshot.
   *
   * @throws ExchangeException if the journal and snapshots cannot be reconciled, or a record cannot
   *     be read back
   */
  static Recovery run(Journal journal, SnapshotStore snapshots, long sequence) throws IOException {
    UsedSnapshot used = new UsedSnapshot(snapshots);
    List<String> report = new ArrayList<>();
    long start = System.nanoTime();
    Exchange exchange = ExchangeRuntime.recover(CONFIG, journal, used, sequence, report);
    return new Recovery(exchange, used.sequence, report, System.nanoTime() - start);
  }

  /** Journal records applied after the snapshot. */
  long replayed() {
    return exchange.lastSequence() - snapshotSequence.orElse(0);
  }

  /**
   * Prints what recovery did, the state hash and the invariant check, and gives the exit code: OK,
   * or {@link ExitCodes#ENGINE} when an invariant is broken.
   */
  int print(PrintWriter out, boolean snapshotsIgnored) {
    if (snapshotSequence.isPresent()) {
      out.printf(Locale.ROOT, "snapshot      at sequence %,d%n", snapshotSequence.getAsLong());
    } else {
      out.println(
          snapshotsIgnored
              ? "snapshot      ignored: replayed from the start"
              : "snapshot      none: replayed from the start");
    }
    for (String line : report) {
      out.println("  " + line);
    }
    out.printf(Locale.ROOT, "replayed      %,d records in %.3f s%n", replayed(), nanos / 1e9);
    out.printf(
        Locale.ROOT,
        "state hash    %016x at sequence %,d%n",
        exchange.stateHash(),
        exchange.lastSequence());
    try {
      exchange.verify();
    } catch (ExchangeException broken) {
      out.println("ledger invariants: BROKEN: " + broken.getMessage());
      out.flush();
      return ExitCodes.ENGINE;
    }
    out.println("ledger invariants: OK");
    out.flush();
    return 0;
  }

  /** Passes everything through, noting which snapshot recovery restored. */
  private static final class UsedSnapshot implements SnapshotStore {
    private final SnapshotStore store;
    OptionalLong sequence = OptionalLong.empty();

    UsedSnapshot(SnapshotStore store) {
      this.store = store;
    }

    @Override
    public Capture capture(Exchange exchange) throws IOException {
      return store.capture(exchange);
    }

    @Override
    public List<Long> sequences() throws IOException {
      return store.sequences();
    }

    @Override
    public Optional<Exchange> readNewest(
        ExchangeConfig config, long atMostSequence, List<String> report) throws IOException {
      Optional<Exchange> restored = store.readNewest(config, atMostSequence, report);
      sequence = restored.map(e -> OptionalLong.of(e.lastSequence())).orElse(OptionalLong.empty());
      return restored;
    }

    @Override
    public OptionalLong retain(int keep) throws IOException {
      return store.retain(keep);
    }
  }
}
