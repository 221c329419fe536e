package org.bourse.jdbc.projection;

import org.bourse.jdbc.TestDatabase.Backend;

class ProjectionH2Test extends ProjectionContract {
  @Override
  Backend backend() {
    return Backend.H2;
  }
}
