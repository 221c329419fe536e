package org.bourse.jdbc.projection;

import org.bourse.jdbc.TestDatabase.Backend;

class HistoryQueriesPostgresTest extends HistoryQueriesContract {
  @Override
  Backend backend() {
    return Backend.POSTGRESQL;
  }
}
