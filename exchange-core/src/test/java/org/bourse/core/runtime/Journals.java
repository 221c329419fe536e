package org.bourse.core.runtime;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bourse.core.FileJournalOptions;
import org.bourse.core.Journal;
import org.bourse.core.JournalRecord;

/** Small helpers for reading journals back in tests. */
final class Journals {
  /** Segments of 4 KiB (the minimum), so a few hundred commands already span several files. */
  static final FileJournalOptions SMALL_SEGMENTS =
      FileJournalOptions.defaults().withSegmentBytes(4_096);

  private Journals() {}

  /** Every record of the journal in a directory, read without repairing anything. */
  static List<JournalRecord> readAll(Path directory) throws IOException {
    List<JournalRecord> records = new ArrayList<>();
    try (Journal journal =
        Journal.openFiles(directory, FileJournalOptions.defaults().asReadOnly())) {
      journal.replay(0, records::add);
    }
    return records;
  }

  /** The command ids of the records, in journal order. */
  static List<Long> commandIds(List<JournalRecord> records) {
    List<Long> ids = new ArrayList<>(records.size());
    for (JournalRecord record : records) {
      ids.add(record.command().commandId());
    }
    return ids;
  }
}
