package org.bourse.jdbc.store;

import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;
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

  /** Makes savepoint names unique, so that they never shadow one of the caller's. */
  AtomicLong SAVEPOINTS = new AtomicLong();

  <T> T inTransaction(HandleCallback<T, RuntimeException> work);

  /** Each call in its own transaction. */
  static Transactor of(Jdbi jdbi) {
    return jdbi::inTransaction;
  }

  /**
   * Each call on {@code handle}: inside its transaction if one is open, else in a new one.
   *
   * <p>Inside the caller's transaction each call runs under a savepoint and rolls back to it if it
   * fails. A failed statement (a duplicate key, a missing user) aborts the whole transaction on
   * PostgreSQL, unlike on H2; rolling back to the savepoint undoes just the call, so a caller that
   * catches the store's exception can carry on with its transaction on both databases.
   */
  static Transactor joining(Handle handle) {
    return new Transactor() {
      @Override
      public <T> T inTransaction(HandleCallback<T, RuntimeException> work) {
        if (!handle.isInTransaction()) {
          return handle.inTransaction(work);
        }
        String savepoint = "bourse_store_" + SAVEPOINTS.incrementAndGet();
        handle.savepoint(savepoint);
        T result;
        try {
          result = work.withHandle(handle);
        } catch (RuntimeException | Error failure) {
          handle.rollbackToSavepoint(savepoint);
          throw failure;
        }
        handle.releaseSavepoint(savepoint);
        return result;
      }
    };
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
}
