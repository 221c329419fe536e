package org.bourse.cli.journal;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bourse.cli.ExitCodes;
import org.bourse.core.ExchangeException;
import org.bourse.core.FileJournalOptions;
import org.bourse.core.Journal;
import org.bourse.core.SnapshotStore;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code --data DIR} option of the journal commands, and read-only access to what the directory
 * holds in the layout of {@code ExchangeRuntime.openFiles}: {@code DIR/journal} and {@code
 * DIR/snapshots}.
 *
 * <p>Nothing here repairs anything: the journal is opened read-only, so a torn tail is reported and
 * left in place for the runtime to cut off when it next starts.
 */
final class DataDirectory {
  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  @Option(
      names = "--data",
      required = true,
      paramLabel = "DIR",
      description =
          "Data directory of a runtime opened with ExchangeRuntime.openFiles (holding journal/"
              + " and snapshots/).")
  Path directory;

  Path journalDirectory() {
    return directory.resolve("journal");
  }

  /**
   * Opens the journal read-only, which checks the CRC of every record.
   *
   * @throws ParameterException if the directory holds no journal: a wrong --data is a usage error
   * @throws ExchangeException if a record is damaged where it cannot be a torn tail
   */
  Journal openJournal() throws IOException {
    if (!Files.isDirectory(journalDirectory())) {
      throw new ParameterException(
          mixee.commandLine(),
          "--data "
              + directory
              + " holds no journal (expected the directory "
              + journalDirectory()
              + ")");
    }
    return Journal.openFiles(journalDirectory(), FileJournalOptions.defaults().asReadOnly());
  }

  /**
   * The snapshots, or none when the directory has no {@code snapshots/}: a read-only tool must not
   * create it, as {@link SnapshotStore#inDirectory} would. Reading never deletes anything: only
   * {@link SnapshotStore#retain}, which the runtime calls, removes files.
   */
  SnapshotStore snapshots() throws IOException {
    Path snapshots = directory.resolve("snapshots");
    return Files.isDirectory(snapshots)
        ? SnapshotStore.inDirectory(snapshots)
        : SnapshotStore.none();
  }

  /** The journal's segment files: how many and their total size. */
  SegmentFiles segmentFiles() throws IOException {
    int count = 0;
    long bytes = 0;
    try (DirectoryStream<Path> files =
        Files.newDirectoryStream(journalDirectory(), "journal-*.seg")) {
      for (Path file : files) {
        count++;
        bytes += Files.size(file);
      }
    }
    return new SegmentFiles(count, bytes);
  }

  /** How many segment files a journal has, and their total size in bytes. */
  record SegmentFiles(int count, long bytes) {}

  /**
   * Reports that the data could not be read back, on stderr in one line like other failures of the
   * tool, and gives the exit code for it.
   */
  int unreadable(Exception failure) {
    PrintWriter err = mixee.commandLine().getErr();
    // An ExchangeException's message names the file and offset; an IOException's is often only a
    // path, so its type (NoSuchFileException, AccessDeniedException, …) is part of the story.
    String what = failure instanceof ExchangeException ? failure.getMessage() : failure.toString();
    if (failure instanceof ExchangeException && failure.getCause() != null) {
      what += " (" + failure.getCause() + ")";
    }
    err.println(
        mixee.commandLine().getColorScheme().errorText(mixee.qualifiedName() + ": " + what));
    err.flush();
    return ExitCodes.CORRUPT;
  }
}
