package org.bourse.jdbc.projection;

import org.bourse.jdbc.TestDatabase.Backend;

class ProjectionPostgresTest extends ProjectionContract {
  @Override
  Backend backend() {
    return Backend.POSTGRESQL;
  }
}
