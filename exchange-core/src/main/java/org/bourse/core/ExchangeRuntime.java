package org.bourse.core;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The exchange for concurrent use, durable before it acknowledges.
 *
 * <p>Any thread may {@link #submit} commands. One engine thread drains the bounded queue in
 * batches; for each batch it assigns sequence numbers and timestamps (from the configured {@link
 * Clock}), appends the batch to the {@link Journal} and forces it to stable storage (group commit),
 * and only then applies it, completes the futures and hands the results to listeners. A command
 * whose future completed is therefore never lost, and a listener never sees an event of a command
 * that is not durable.
 *
 * <p>Failure model: if the journal cannot write or force, or the engine finds its state corrupt,
 * the runtime stops: the futures of the failed batch and of everything queued complete
 * exceptionally with {@link ExchangeException}, later submits fail at once, and nothing after the
 * failure is acknowledged. Restart recovers from the newest valid snapshot and the journal.
 *
 * <p>Futures complete on the engine thread: dependent actions registered with the non-async {@code
 * CompletableFuture} methods run there and delay every other command, so use the {@code …Async}
 * variants for anything but trivial work.
 *
 * <p><b>Thread-safety:</b> all methods are safe to call from any thread.
 */
public interface ExchangeRuntime extends AutoCloseable {

  /**
   * Recovers the exchange from {@code dataDirectory} (files {@code journal/} and {@code
   * snapshots/}, created if absent) and starts the engine thread.
   */
  static ExchangeRuntime openFiles(Path dataDirectory, RuntimeConfig config) throws IOException {
    Journal journal =
        Journal.openFiles(dataDirectory.resolve("journal"), FileJournalOptions.defaults());
    return start(config, journal, SnapshotStore.inDirectory(dataDirectory.resolve("snapshots")));
  }

  /**
   * Recovers the exchange from the snapshot store and journal and starts the engine thread. The
   * runtime owns the journal from now on and closes it.
   *
   * @throws ExchangeException if the journal and snapshots cannot be reconciled
   */
  static ExchangeRuntime start(RuntimeConfig config, Journal journal, SnapshotStore snapshots)
      throws IOException {
    try {
      List<String> report = new ArrayList<>(journal.openReport());
      List<Long> stored = snapshots.sequences();
      if (!stored.isEmpty() && stored.get(0) > journal.lastSequence()) {
        // A snapshot is only written after its sequence was forced to the journal, so the
        // journal has lost acknowledged records (cut as a torn tail, or deleted). Starting would
        // reuse their sequence numbers and later mix two histories.
        throw new ExchangeException(
            "refusing to start: snapshot at sequence "
                + stored.get(0)
                + " is newer than the journal's last record "
                + journal.lastSequence()
                + "; the journal lost acknowledged records "
                + journal.openReport());
      }
      Exchange exchange =
          recover(config.exchange(), journal, snapshots, journal.lastSequence(), report);
      return new EngineRunner(config, journal, snapshots, (Engine) exchange, report);
    } catch (IOException | RuntimeException failed) {
      journal.close();
      throw failed;
    }
  }

  /**
   * Rebuilds the state at {@code sequence} (at most the journal's last) without starting anything:
   * the newest valid snapshot at or below it, then the journal records after the snapshot up to it.
   * Used at start-up and by tools.
   *
   * @param report receives what recovery skipped or found
   * @throws ExchangeException if the journal does not reach back to the snapshot it needs
   */
  static Exchange recover(
      ExchangeConfig config,
      Journal journal,
      SnapshotStore snapshots,
      long sequence,
      List<String> report)
      throws IOException {
    Exchange exchange =
        snapshots.readNewest(config, sequence, report).orElseGet(() -> Exchange.create(config));
    long from = exchange.lastSequence();
    if (from + 1 < journal.firstSequence() && from < journal.lastSequence()) {
      throw new ExchangeException(
          "cannot recover: the newest usable snapshot is at sequence "
              + from
              + " but the journal starts at "
              + journal.firstSequence());
    }
    if (journal.lastSequence() < from) {
      report.add(
          "snapshot at sequence "
              + from
              + " is newer than the journal's last record "
              + journal.lastSequence());
    }
    journal.replay(
        from,
        record -> {
          if (record.sequence() <= sequence) {
            CommandResult result = exchange.apply(record.timestampMs(), record.command());
            if (result.sequence() != record.sequence() && !result.duplicate()) {
              throw new ExchangeException(
                  "replay diverged: record "
                      + record.sequence()
                      + " applied as "
                      + result.sequence());
            }
          }
        });
    return exchange;
  }

  /**
   * Submits a command.
   *
   * @return completes with the result once the command is durable and applied; with a {@link
   *     RejectReason#BUSY} or {@link RejectReason#COMMAND_TOO_LARGE} result (sequence 0) if it was
   *     refused before reaching the engine; exceptionally if the runtime is stopped or failed
   */
  CompletableFuture<CommandResult> submit(Command command);

  /**
   * Runs a read-only function on the engine thread between batches, e.g. a balance or depth query.
   * It must not keep references to engine state beyond its return.
   */
  <T> CompletableFuture<T> query(Function<Exchange, T> query);

  /** Adds a listener for results after the current point; see {@link EventListener}. */
  void subscribe(EventListener listener);

  /** Writes a snapshot now; completes with its sequence. */
  CompletableFuture<Long> snapshot();

  /** The sequence of the last applied command. */
  long lastSequence();

  /** What recovery found when the runtime started (torn tail, skipped snapshots, …). */
  List<String> recoveryReport();

  /**
   * Stops accepting commands, applies and journals everything already queued, writes a final
   * snapshot, closes the journal and waits for listeners to drain.
   */
  @Override
  void close();
}
