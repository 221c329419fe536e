package org.bourse.core;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/**
 * Where snapshots of the engine state are kept. A port: {@link #inDirectory} writes files here;
 * other stores (a database) can implement it.
 *
 * <p>A snapshot is written atomically (readers see all of it or nothing) and checked when read: a
 * damaged snapshot is skipped in favour of an older one.
 */
public interface SnapshotStore {

  /**
   * A store that holds no snapshots and refuses to capture any: recovery from it replays the
   * journal from the start. For tools and read models that replay a journal they do not own.
   */
  static SnapshotStore none() {
    return NoSnapshots.INSTANCE;
  }

  /** Snapshot files {@code snapshot-<sequence>.snap} in a directory (created if needed). */
  static SnapshotStore inDirectory(Path directory) throws IOException {
    return new FileSnapshotStore(directory);
  }

  /**
   * Captures the exchange's state at its current sequence, on the thread that owns the exchange (it
   * must not change while this runs), and returns the rest of the work: making that state durable,
   * which may run on another thread while the exchange moves on. The exchange must have been made
   * by {@link Exchange#create} or recovered.
   */
  Capture capture(Exchange exchange) throws IOException;

  /** Captures and stores a snapshot at once, on the calling thread. */
  default void write(Exchange exchange) throws IOException {
    capture(exchange).store();
  }

  /** A captured snapshot that is not durable yet. */
  @FunctionalInterface
  interface Capture {
    /** Writes and forces the captured state; safe to call from any one thread. */
    void store() throws IOException;
  }

  /** The sequences of the stored snapshots, newest first (valid or not). */
  List<Long> sequences() throws IOException;

  /**
   * Reads the newest valid snapshot at or below {@code atMostSequence}.
   *
   * @param report receives a line for each damaged snapshot that was skipped
   * @return the restored exchange, or empty when there is none
   */
  java.util.Optional<Exchange> readNewest(
      ExchangeConfig config, long atMostSequence, List<String> report) throws IOException;

  /**
   * Deletes all but the newest {@code keep} snapshots, and leftovers of interrupted writes; returns
   * the oldest kept sequence. Only the process that writes snapshots may call it.
   */
  OptionalLong retain(int keep) throws IOException;
}
