package org.bourse.jdbc.projection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.bourse.core.EventDetail;
import org.bourse.core.ExchangeConfig;
import org.bourse.core.FileJournalOptions;
import org.bourse.core.Journal;
import org.bourse.core.SnapshotStore;
import org.bourse.jdbc.Database;
import org.bourse.jdbc.JdbcJournal;

/**
 * Where a projection finds the history it did not see live: the journal (opened read-only, beside a
 * running runtime) and the snapshots, with the engine config the runtime uses. Because the engine
 * is deterministic, replaying the journal from a snapshot gives exactly the results the runtime
 * published, events included.
 *
 * @param config the runtime's engine config: its bounds must be the runtime's, or replay diverges;
 *     its event detail does not matter (replay always builds every event)
 * @param journal opens a read-only view of the runtime's journal; each call opens a new one, which
 *     the caller closes
 * @param snapshots the runtime's snapshots, only read
 */
public record JournalSource(ExchangeConfig config, Opener journal, SnapshotStore snapshots) {

  /** Opens the journal for reading; must not repair or lock anything the runtime owns. */
  @FunctionalInterface
  public interface Opener {
    /** A new read-only view of the journal. */
    Journal open() throws IOException;
  }

  public JournalSource {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(journal, "journal");
    Objects.requireNonNull(snapshots, "snapshots");
  }

  /**
   * The file journal in {@code journalDirectory}, opened read-only ({@link
   * FileJournalOptions#asReadOnly()}), and the snapshots in {@code snapshotDirectory} (none when it
   * is null or does not exist).
   */
  public static JournalSource files(
      ExchangeConfig config, Path journalDirectory, Path snapshotDirectory) throws IOException {
    Objects.requireNonNull(journalDirectory, "journalDirectory");
    return new JournalSource(
        config,
        () -> Journal.openFiles(journalDirectory, FileJournalOptions.defaults().asReadOnly()),
        snapshots(snapshotDirectory));
  }

  /**
   * The journal table of {@code database} ({@link JdbcJournal#openReadOnly}), and the snapshots in
   * {@code snapshotDirectory} (none when it is null or does not exist).
   */
  public static JournalSource database(
      ExchangeConfig config, Database database, Path snapshotDirectory) throws IOException {
    Objects.requireNonNull(database, "database");
    return new JournalSource(
        config, () -> JdbcJournal.openReadOnly(database), snapshots(snapshotDirectory));
  }

  private static SnapshotStore snapshots(Path directory) throws IOException {
    return directory != null && Files.isDirectory(directory)
        ? SnapshotStore.inDirectory(directory)
        : SnapshotStore.none();
  }

  /** The config replay runs with: the runtime's bounds, every event. */
  ExchangeConfig replayConfig() {
    return config.withEventDetail(EventDetail.FULL);
  }
}
