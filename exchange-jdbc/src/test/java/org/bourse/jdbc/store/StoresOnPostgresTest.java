package org.bourse.jdbc.store;

import org.bourse.jdbc.TestDatabase.Backend;
import org.junit.jupiter.api.Nested;

/** Every store contract on PostgreSQL (the test database of this module). */
class StoresOnPostgresTest {

  @Nested
  class Users extends UserStoreContract {
    Users() {
      super(Backend.POSTGRESQL);
    }
  }

  @Nested
  class ApiKeys extends ApiKeyStoreContract {
    ApiKeys() {
      super(Backend.POSTGRESQL);
    }
  }

  @Nested
  class RefreshTokens extends RefreshTokenStoreContract {
    RefreshTokens() {
      super(Backend.POSTGRESQL);
    }
  }

  @Nested
  class Totp extends TotpStoreContract {
    Totp() {
      super(Backend.POSTGRESQL);
    }
  }

  @Nested
  class Idempotency extends IdempotencyStoreContract {
    Idempotency() {
      super(Backend.POSTGRESQL);
    }
  }

  @Nested
  class Outbox extends NotificationOutboxContract {
    Outbox() {
      super(Backend.POSTGRESQL);
    }
  }

  @Nested
  class Inbox extends InboxStoreContract {
    Inbox() {
      super(Backend.POSTGRESQL);
    }
  }
}
