package org.bourse.jdbc.store;

import org.bourse.jdbc.TestDatabase.Backend;
import org.junit.jupiter.api.Nested;

/** Every store contract on embedded H2 in PostgreSQL mode. */
class StoresOnH2Test {

  @Nested
  class Users extends UserStoreContract {
    Users() {
      super(Backend.H2);
    }
  }

  @Nested
  class ApiKeys extends ApiKeyStoreContract {
    ApiKeys() {
      super(Backend.H2);
    }
  }

  @Nested
  class RefreshTokens extends RefreshTokenStoreContract {
    RefreshTokens() {
      super(Backend.H2);
    }
  }

  @Nested
  class Totp extends TotpStoreContract {
    Totp() {
      super(Backend.H2);
    }
  }

  @Nested
  class Idempotency extends IdempotencyStoreContract {
    Idempotency() {
      super(Backend.H2);
    }
  }

  @Nested
  class Outbox extends NotificationOutboxContract {
    Outbox() {
      super(Backend.H2);
    }
  }

  @Nested
  class Inbox extends InboxStoreContract {
    Inbox() {
      super(Backend.H2);
    }
  }
}
