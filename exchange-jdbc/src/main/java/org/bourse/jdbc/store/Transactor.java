package org.bourse.jdbc.store;

import java.sql.SQLException;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Where an adapter runs its SQL: in a transaction of its own on the pool, or inside the caller's
 * handle, joining the caller's open transaction so that the caller's commit or rollback covers it.
 */
@FunctionalInterface
interface Transactor {

  <T> T inTransaction(HandleCallback<T, RuntimeException> work);

  /** Each call in its own transaction. */
  static Transactor of(Jdbi jdbi) {
    return jdbi::inTransaction;
  }

  /** Each call on {@code handle}: inside its transaction if one is open, else in a new one. */
  static Transactor joining(Handle handle) {
    return handle::inTransaction;
  }

  /**
   * Runs {@code work}, turning a foreign-key failure (SQLSTATE 23503 on PostgreSQL, 23506 on H2)
   * into a message naming the user.
   */
  static <T> T forUser(long userId, Supplier<T> work) {
    try {
      return work.get();
    } catch (UnableToExecuteStatementException failure) {
      if (failure.getCause() instanceof SQLException sql
          && ("23503".equals(sql.getSQLState()) || "23506".equals(sql.getSQLState()))) {
        throw new IllegalArgumentException("userId " + userId + " does not exist", failure);
      }
      throw failure;
    }
  }

  /** Whether a statement failed on a unique or primary key (SQLSTATE 23505 on both databases). */
  static boolean isUniqueViolation(UnableToExecuteStatementException failure) {
    return failure.getCause() instanceof SQLException sql && "23505".equals(sql.getSQLState());
  }
}
