package org.bourse.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.bourse.core.Command;
import org.bourse.core.ExchangeException;
import org.bourse.core.JournalRecord;
import org.bourse.core.runtime.CommandEncodingRoundTripTest;
import org.bourse.core.runtime.SeededFlow;
import org.bourse.jdbc.TestDatabase.Backend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link org.bourse.core.Journal} contract for {@link JdbcJournal}, written once and run on
 * each backend by {@link JdbcJournalTest}: what is appended comes back equal and in order, also
 * after reopening; sequences must continue without gaps; pruning deletes rows; a failed append
 * poisons the journal; one writer at a time; read-only journals beside a writer.
 */
abstract class JdbcJournalContract {
  private static final long START_MS = 1_700_000_000_000L;

  TestDatabase test;
  Database database;

  abstract Backend backend();

  @BeforeEach
  void openDatabase() {
    test = TestDatabase.create(backend());
    database = test.open();
  }

  @AfterEach
  void dropDatabase() {
    // Both stay null when the backend was skipped on request (the set-up aborted).
    if (database != null) {
      database.close();
    }
    if (test != null) {
      test.close();
    }
  }

  @Test
  void shouldStartEmpty() {
    // when
    try (JdbcJournal journal = JdbcJournal.open(database)) {
      // then
      assertEquals(0, journal.lastSequence());
      assertEquals(1, journal.firstSequence());
      assertEquals(List.of(), journal.openReport());
      assertEquals(List.of(), readAll(journal, 0));
    }
  }

  @Test
  void shouldReadBackEveryCommandTypeEqualAfterReopening() {
    // given
    List<JournalRecord> records = records(CommandEncodingRoundTripTest.everyType(), 1);

    // when
    appendUnevenly(records, 7);

    // then
    try (JdbcJournal reopened = JdbcJournal.open(database)) {
      assertEquals(records.size(), reopened.lastSequence());
      assertEquals(1, reopened.firstSequence());
      assertEquals(records, readAll(reopened, 0));
    }
  }

  @Test
  void shouldReplaySeededFlowsOfSeveralPagesInOrderAfterAnySequence() {
    // given: more records than one replay page holds
    List<Command> commands = new ArrayList<>(SeededFlow.setup(20));
    SeededFlow flow = new SeededFlow(7, 20, 1_000, "c");
    while (commands.size() < JdbcJournal.REPLAY_PAGE_ROWS + 1_500) {
      commands.add(flow.next());
    }
    List<JournalRecord> records = records(commands, 1);
    appendUnevenly(records, 997);

    try (JdbcJournal journal = JdbcJournal.open(database)) {
      // when / then
      assertEquals(records, readAll(journal, 0));
      assertEquals(records.subList(5_000, records.size()), readAll(journal, 5_000));
      assertEquals(List.of(), readAll(journal, records.size()));
    }
  }

  @Test
  void shouldRejectAGapOrARepeatedSequenceAndStayUsable() {
    try (JdbcJournal journal = JdbcJournal.open(database)) {
      // given
      journal.append(records(3, 1));

      // when
      ExchangeException gap =
          assertThrows(ExchangeException.class, () -> journal.append(records(2, 5)));
      ExchangeException repeated =
          assertThrows(ExchangeException.class, () -> journal.append(records(2, 3)));
      ExchangeException inside =
          assertThrows(
              ExchangeException.class,
              () -> journal.append(List.of(record(4), record(5), record(7))));

      // then: nothing of them was written, and the right batch still goes in
      assertEquals("journal append out of order: expected 4, got 5", gap.getMessage());
      assertEquals("journal append out of order: expected 4, got 3", repeated.getMessage());
      assertEquals("journal append out of order: expected 6, got 7", inside.getMessage());
      assertEquals(3, journal.lastSequence());
      journal.append(records(2, 4));
      assertEquals(records(5, 1), readAll(journal, 0));
    }
  }

  @Test
  void shouldPruneRowsButKeepTheLastRecord() {
    try (JdbcJournal journal = JdbcJournal.open(database)) {
      // given
      journal.append(records(100, 1));

      // when
      journal.pruneThrough(40);

      // then
      assertEquals(41, journal.firstSequence());
      assertEquals(records(60, 41), readAll(journal, 0));
      assertEquals(60, rows());

      // when: asked for everything, it keeps the last record, which holds the sequence
      journal.pruneThrough(1_000);

      // then
      assertEquals(100, journal.firstSequence());
      assertEquals(1, rows());
    }
    try (JdbcJournal reopened = JdbcJournal.open(database)) {
      assertEquals(100, reopened.firstSequence());
      assertEquals(100, reopened.lastSequence());
      reopened.append(records(1, 101));
      assertEquals(records(2, 100), readAll(reopened, 0));
    }
  }

  @Test
  void shouldAcceptNoAppendAfterAFailedOne() {
    try (JdbcJournal journal = JdbcJournal.open(database)) {
      // given: a row written behind the journal's back where its next batch will go, as a
      // writer that ignored the lock would
      journal.append(records(10, 1));
      insertBehindTheJournalsBack(12);

      // when
      ExchangeException failed =
          assertThrows(ExchangeException.class, () -> journal.append(records(3, 11)));
      ExchangeException later =
          assertThrows(ExchangeException.class, () -> journal.append(records(1, 11)));

      // then: the failed batch was rolled back whole, and the journal refuses to go on
      assertTrue(
          failed.getMessage().contains("append of sequences 11 to 13 failed"), failed::toString);
      assertTrue(
          later.getMessage().contains("failed earlier; no appends accepted"), later::toString);
      assertEquals(10, journal.lastSequence());
      assertEquals(11, rows());
    }
  }

  @Test
  void shouldRefuseASecondWriterUntilTheFirstCloses() {
    try (Database other = test.open()) {
      // given
      JdbcJournal first = JdbcJournal.open(database);
      first.append(records(2, 1));

      // when: a second writer, on a pool (and session) of its own
      ExchangeException refused =
          assertThrows(ExchangeException.class, () -> JdbcJournal.open(other));

      // then
      assertTrue(refused.getMessage().contains("is already open for writing"), refused::getMessage);
      assertTrue(refused.getMessage().contains("only one writer may append"), refused::getMessage);
      if (backend() == Backend.POSTGRESQL) {
        assertTrue(refused.getMessage().contains("PostgreSQL backend pid"), refused::getMessage);
        assertTrue(refused.getMessage().contains("'bourse-journal'"), refused::getMessage);
      }

      // when: the first one closes
      first.close();
      try (JdbcJournal second = JdbcJournal.open(other)) {
        // then
        second.append(records(1, 3));
        assertEquals(3, second.lastSequence());
      }
    }
  }

  @Test
  void shouldReadAConsistentPrefixBesideAWriterWhenOpenedReadOnly() {
    try (JdbcJournal writer = JdbcJournal.open(database)) {
      // given
      writer.append(records(10, 1));
      try (JdbcJournal reader = JdbcJournal.openReadOnly(database)) {
        // when: the writer goes on after the reader opened
        writer.append(records(5, 11));

        // then: the reader sees what was committed when it opened, and cannot write
        assertEquals(10, reader.lastSequence());
        assertEquals(records(10, 1), readAll(reader, 0));
        ExchangeException append =
            assertThrows(ExchangeException.class, () -> reader.append(records(1, 11)));
        assertTrue(append.getMessage().contains("open read-only"), append::getMessage);
        assertThrows(ExchangeException.class, () -> reader.pruneThrough(5));
      }
      try (JdbcJournal later = JdbcJournal.openReadOnly(database)) {
        assertEquals(records(15, 1), readAll(later, 0));
      }
    }
  }

  @Test
  void shouldNameTheRecordThatCannotBeDecoded() {
    // given
    try (JdbcJournal journal = JdbcJournal.open(database)) {
      journal.append(records(5, 1));
    }
    database
        .jdbi()
        .useHandle(
            h ->
                h.execute(
                    "UPDATE journal SET command = ? WHERE sequence = 4",
                    (Object) new byte[] {(byte) 0xEE, 1, 2}));

    try (JdbcJournal journal = JdbcJournal.openReadOnly(database)) {
      // when
      List<JournalRecord> read = new ArrayList<>();
      ExchangeException corrupt =
          assertThrows(ExchangeException.class, () -> journal.replay(0, read::add));

      // then
      assertTrue(
          corrupt.getMessage().contains("record 4 holds an undecodable command"),
          corrupt::getMessage);
      assertEquals(records(3, 1), read);
    }
  }

  @Test
  void shouldFailReplayThatMeetsAMissingRecord() {
    // given: a row deleted from the middle, as by hand
    try (JdbcJournal journal = JdbcJournal.open(database)) {
      journal.append(records(6, 1));
    }
    database.jdbi().useHandle(h -> h.execute("DELETE FROM journal WHERE sequence = 3"));

    try (JdbcJournal journal = JdbcJournal.openReadOnly(database)) {
      // when
      ExchangeException missing =
          assertThrows(ExchangeException.class, () -> journal.replay(0, record -> {}));

      // then
      assertTrue(
          missing.getMessage().contains("record 3 is missing")
              && missing.getMessage().contains("the next is 4"),
          missing::getMessage);
    }
  }

  // -------------------------------------------------------------------------------------------

  /** Appends in batches of 1, 2, … maxBatch, 1, 2, … so batches split the records every way. */
  private void appendUnevenly(List<JournalRecord> records, int maxBatch) {
    try (JdbcJournal journal = JdbcJournal.open(database)) {
      int next = 0;
      for (int size = 1; next < records.size(); size = size % maxBatch + 1) {
        int end = Math.min(records.size(), next + size);
        journal.append(records.subList(next, end));
        next = end;
      }
    }
  }

  private static List<JournalRecord> readAll(JdbcJournal journal, long after) {
    List<JournalRecord> read = new ArrayList<>();
    journal.replay(after, read::add);
    return read;
  }

  private long rows() {
    return database
        .jdbi()
        .withHandle(h -> h.createQuery("SELECT COUNT(*) FROM journal").mapTo(Long.class).one());
  }

  private void insertBehindTheJournalsBack(long sequence) {
    database
        .jdbi()
        .useHandle(
            h ->
                h.execute(
                    "INSERT INTO journal (sequence, timestamp_ms, command) VALUES (?, ?, ?)",
                    sequence,
                    START_MS,
                    Command.encode(new Command.AddUser(sequence, sequence))));
  }

  /** Records numbered from {@code first}, timestamps rising by 0 to 2 ms. */
  private static List<JournalRecord> records(List<Command> commands, long first) {
    List<JournalRecord> records = new ArrayList<>(commands.size());
    long timestampMs = START_MS;
    for (Command command : commands) {
      records.add(new JournalRecord(first + records.size(), timestampMs, command));
      timestampMs += records.size() % 3;
    }
    return records;
  }

  /** {@code count} simple records from sequence {@code first}. */
  private static List<JournalRecord> records(int count, long first) {
    List<JournalRecord> records = new ArrayList<>(count);
    for (long sequence = first; sequence < first + count; sequence++) {
      records.add(record(sequence));
    }
    return records;
  }

  private static JournalRecord record(long sequence) {
    return new JournalRecord(
        sequence,
        START_MS + sequence,
        new Command.Deposit(sequence, 1 + sequence % 5, 2, sequence));
  }
}
