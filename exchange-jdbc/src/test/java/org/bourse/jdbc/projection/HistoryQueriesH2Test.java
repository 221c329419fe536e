package org.bourse.jdbc.projection;

import org.bourse.jdbc.TestDatabase.Backend;

class HistoryQueriesH2Test extends HistoryQueriesContract {
  @Override
  Backend backend() {
    return Backend.H2;
  }
}
