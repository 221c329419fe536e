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

  /** Snapshot files {@code snapshot-<sequence>.snap} in a directory (created if needed). */
  static SnapshotStore inDirectory(Path directory) throws IOException {
    return new FileSnapshotStore(directory);
  }

  /**
   * Writes a snapshot of the exchange at its current sequence. The exchange must have been created
   * by {@link Exchange#create} (or recovered), and must not change while this runs.
   */
  void write(Exchange exchange) throws IOException;

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

  /** Deletes all but the newest {@code keep} snapshots; returns the oldest kept sequence. */
  OptionalLong retain(int keep) throws IOException;
}
