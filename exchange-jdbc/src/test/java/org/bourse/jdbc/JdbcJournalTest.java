package org.bourse.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.bourse.core.ExchangeException;
import org.bourse.jdbc.TestDatabase.Backend;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** {@link JdbcJournalContract} on each backend. */
class JdbcJournalTest {

  @Nested
  class OnH2 extends JdbcJournalContract {
    @Override
    Backend backend() {
      return Backend.H2;
    }

    @Test
    void shouldRefuseASecondWriterThatNamesTheSameFileDifferently() {
      // given: the same file as jdbc:h2:file:<path> and as jdbc:h2:<path>
      String url = test.config().url();
      DatabaseConfig sameFile = DatabaseConfig.of(url.replace("jdbc:h2:file:", "jdbc:h2:"), "", "");
      try (JdbcJournal first = JdbcJournal.open(database);
          Database other = Database.open(sameFile)) {
        // when
        ExchangeException refused =
            assertThrows(ExchangeException.class, () -> JdbcJournal.open(other));

        // then
        assertTrue(refused.getMessage().contains("already open for writing"), refused::getMessage);
        assertEquals(0, first.lastSequence());
      }
    }
  }

  @Nested
  class OnPostgresql extends JdbcJournalContract {
    @Override
    Backend backend() {
      return Backend.POSTGRESQL;
    }

    @Test
    void shouldTurnSynchronousCommitBackOnForItsOwnSession() {
      // given: a URL whose sessions start with synchronous_commit off
      DatabaseConfig config = test.config();
      DatabaseConfig asynchronous =
          DatabaseConfig.of(
              config.url() + "&options=-c%20synchronous_commit%3Doff",
              config.user(),
              config.password());
      try (Database relaxed = Database.open(asynchronous);
          JdbcJournal journal = JdbcJournal.open(relaxed)) {
        // then
        assertEquals(
            List.of("synchronous_commit was off for this session; set to on for the journal"),
            journal.openReport());
      }
    }
  }
}
