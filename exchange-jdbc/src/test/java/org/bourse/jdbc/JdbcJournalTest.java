package org.bourse.jdbc;

import org.bourse.jdbc.TestDatabase.Backend;
import org.junit.jupiter.api.Nested;

/** {@link JdbcJournalContract} on each backend. */
class JdbcJournalTest {

  @Nested
  class OnH2 extends JdbcJournalContract {
    @Override
    Backend backend() {
      return Backend.H2;
    }
  }

  @Nested
  class OnPostgresql extends JdbcJournalContract {
    @Override
    Backend backend() {
      return Backend.POSTGRESQL;
    }
  }
}
