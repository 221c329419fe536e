package org.bourse.jdbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bourse.core.JournalRecord;
import org.bourse.core.runtime.SeededFlow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recovery of H2 files that were not closed cleanly, on copies of a live database file: a copy
 * taken while the database is open, after an append returned, holds exactly what SIGKILL would
 * leave (the kill does not lose the operating system's page cache), deterministically.
 */
class H2FileTest {
  private static final int BATCH = 1_000;

  @TempDir Path directory;

  /**
   * Appends right after a restart go into space the clean close freed inside the file, where H2's
   * own recovery does not look (see {@link H2File}); with H2 2.5.252 and this history the first
   * append after the restart was lost. Copies after each of several appends, so the test does not
   * hang on one file layout.
   */
  @Test
  void shouldRecoverEveryAppendThatReturnedBeforeTheCrashAfterARestart() throws IOException {
    // given: a journal of 50 batches, closed cleanly
    int history = 50;
    int appends = 5;
    Path live = directory.resolve("live");
    List<JournalRecord> records = records(BATCH * (history + appends));
    try (Database database = Database.open(DatabaseConfig.embedded(live));
        JdbcJournal journal = JdbcJournal.open(database)) {
      for (int batch = 0; batch < history; batch++) {
        journal.append(batch(records, batch));
      }
    }

    // when: reopened, and the file taken as a kill would leave it after each further append
    try (Database database = Database.open(DatabaseConfig.embedded(live));
        JdbcJournal journal = JdbcJournal.open(database)) {
      for (int append = 1; append <= appends; append++) {
        journal.append(batch(records, history + append - 1));
        Path crashed = directory.resolve("crashed-" + append);
        Files.createDirectories(crashed.resolve("db"));
        Files.copy(databaseFile(live), databaseFile(crashed));
      }
    }

    // then
    for (int append = 1; append <= appends; append++) {
      Path crashed = directory.resolve("crashed-" + append);
      try (Database database = Database.open(DatabaseConfig.embedded(crashed));
          JdbcJournal journal = JdbcJournal.openReadOnly(database)) {
        int acknowledged = BATCH * (history + append);
        assertEquals(acknowledged, journal.lastSequence(), "crash after append " + append);
        List<JournalRecord> replayed = new ArrayList<>();
        journal.replay(0, replayed::add);
        assertEquals(records.subList(0, acknowledged), replayed, "crash after append " + append);
      }
    }
  }

  @Test
  void shouldLeaveACleanlyClosedFileAlone() throws IOException {
    // given
    List<JournalRecord> records = records(BATCH);
    try (Database database = Database.open(DatabaseConfig.embedded(directory));
        JdbcJournal journal = JdbcJournal.open(database)) {
      journal.append(records);
    }
    byte[] closed = Files.readAllBytes(databaseFile(directory));

    // when
    Optional<String> recovered = H2File.recover(DatabaseConfig.embedded(directory).url());

    // then
    assertEquals(Optional.empty(), recovered);
    assertArrayEquals(closed, Files.readAllBytes(databaseFile(directory)));
  }

  private static List<JournalRecord> batch(List<JournalRecord> records, int batch) {
    return records.subList(batch * BATCH, (batch + 1) * BATCH);
  }

  private static Path databaseFile(Path dataDirectory) {
    return dataDirectory.resolve("db").resolve("bourse.mv.db");
  }

  private static List<JournalRecord> records(int count) {
    SeededFlow flow = new SeededFlow(7, 20, 0, "h2");
    List<JournalRecord> records = new ArrayList<>(count);
    for (int i = 1; i <= count; i++) {
      records.add(new JournalRecord(i, 1_700_000_000_000L + i, flow.next()));
    }
    return records;
  }
}
