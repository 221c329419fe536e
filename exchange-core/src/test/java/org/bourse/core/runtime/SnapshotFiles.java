package org.bourse.core.runtime;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The snapshot files of a file snapshot store ({@code snapshot-<sequence>.snap}), for damaging. */
final class SnapshotFiles {
  private SnapshotFiles() {}

  /** The snapshot files, oldest first (names hold the sequence zero-padded, so they sort). */
  static List<Path> oldestFirst(Path directory) throws IOException {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, "snapshot-*.snap")) {
      stream.forEach(files::add);
    }
    files.sort(null);
    return files;
  }
}
