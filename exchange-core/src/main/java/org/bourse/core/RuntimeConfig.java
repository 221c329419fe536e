package org.bourse.core;

import java.util.Objects;

/**
 * Options of an {@link ExchangeRuntime}.
 *
 * @param exchange the engine's bounds and options; a recovered engine must use the same
 * @param queueCapacity commands waiting for the engine thread; a full queue answers {@link
 *     RejectReason#BUSY}
 * @param maxBatch commands journaled and forced together (group commit)
 * @param snapshotEveryCommands write a snapshot after this many commands since the last (0: only on
 *     demand and at close)
 * @param snapshotsToKeep how many snapshots to retain; journal segments older than the oldest kept
 *     snapshot are pruned when {@code pruneJournal} is set
 * @param pruneJournal whether to delete journal segments covered by kept snapshots
 * @param listenerBufferSize results buffered per listener before it is detached
 * @param clock stamps commands
 */
public record RuntimeConfig(
    ExchangeConfig exchange,
    int queueCapacity,
    int maxBatch,
    long snapshotEveryCommands,
    int snapshotsToKeep,
    boolean pruneJournal,
    int listenerBufferSize,
    Clock clock) {

  public RuntimeConfig {
    Objects.requireNonNull(exchange, "exchange");
    Objects.requireNonNull(clock, "clock");
    if (queueCapacity < 1 || maxBatch < 1 || snapshotsToKeep < 1 || listenerBufferSize < 1) {
      throw new IllegalArgumentException(
          "queueCapacity, maxBatch, snapshotsToKeep and listenerBufferSize must be positive");
    }
    if (snapshotEveryCommands < 0) {
      throw new IllegalArgumentException("snapshotEveryCommands must not be negative");
    }
  }

  /**
   * Defaults: engine defaults, a queue of 65,536 commands, batches of up to 4,096, a snapshot every
   * 1,000,000 commands, 2 snapshots kept, journal pruning on, 65,536 results buffered per listener,
   * the system clock.
   */
  public static RuntimeConfig defaults() {
    return new RuntimeConfig(
        ExchangeConfig.defaults(), 65_536, 4_096, 1_000_000, 2, true, 65_536, Clock.system());
  }

  /** The same config with another engine config. */
  public RuntimeConfig withExchange(ExchangeConfig config) {
    return new RuntimeConfig(
        config,
        queueCapacity,
        maxBatch,
        snapshotEveryCommands,
        snapshotsToKeep,
        pruneJournal,
        listenerBufferSize,
        clock);
  }

  /** The same config with another clock. */
  public RuntimeConfig withClock(Clock newClock) {
    return new RuntimeConfig(
        exchange,
        queueCapacity,
        maxBatch,
        snapshotEveryCommands,
        snapshotsToKeep,
        pruneJournal,
        listenerBufferSize,
        newClock);
  }

  /** The same config with another snapshot interval. */
  public RuntimeConfig withSnapshotEvery(long commands) {
    return new RuntimeConfig(
        exchange,
        queueCapacity,
        maxBatch,
        commands,
        snapshotsToKeep,
        pruneJournal,
        listenerBufferSize,
        clock);
  }

  /** The same config with other queue and batch sizes. */
  public RuntimeConfig withQueue(int capacity, int batch) {
    return new RuntimeConfig(
        exchange,
        capacity,
        batch,
        snapshotEveryCommands,
        snapshotsToKeep,
        pruneJournal,
        listenerBufferSize,
        clock);
  }

  /** The same config with another listener buffer size. */
  public RuntimeConfig withListenerBuffer(int results) {
    return new RuntimeConfig(
        exchange,
        queueCapacity,
        maxBatch,
        snapshotEveryCommands,
        snapshotsToKeep,
        pruneJournal,
        results,
        clock);
  }

  /**
   * The same config with journal pruning on or off. Turn it off when something reads the journal
   * behind the engine, such as a database projection that catches up from it: pruned records cannot
   * be replayed.
   */
  public RuntimeConfig withPruneJournal(boolean prune) {
    return new RuntimeConfig(
        exchange,
        queueCapacity,
        maxBatch,
        snapshotEveryCommands,
        snapshotsToKeep,
        prune,
        listenerBufferSize,
        clock);
  }
}
