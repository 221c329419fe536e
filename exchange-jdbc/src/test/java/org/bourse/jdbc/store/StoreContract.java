package org.bourse.jdbc.store;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.bourse.jdbc.Database;
import org.bourse.jdbc.Dialect;
import org.bourse.jdbc.TestDatabase;
import org.bourse.jdbc.TestDatabase.Backend;
import org.bourse.store.NewUser;
import org.bourse.store.PasswordParameters;
import org.bourse.store.User;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.function.Executable;

/**
 * What every store contract needs: a fresh database of the given backend per test, stores on it
 * with a test clock, test keys and cheap Argon2id parameters, and helpers for users, raw column
 * reads and racing threads.
 */
abstract class StoreContract {

  static final String KEY_1 = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
  static final String KEY_2 = "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=";
  static final PasswordParameters CHEAP = new PasswordParameters(64, 1, 1);

  private final Backend backend;
  private final AtomicInteger userCount = new AtomicInteger();
  TestDatabase test;
  Database database;
  TestClock clock;
  Stores stores;

  StoreContract(Backend backend) {
    this.backend = backend;
  }

  @BeforeEach
  void openStores() {
    test = TestDatabase.create(backend);
    database = test.open();
    clock = new TestClock(Instant.parse("2030-01-02T03:04:05.678Z"));
    stores = Stores.open(database, SecretKeys.of("k1", KEY_1), clock, CHEAP);
  }

  @AfterEach
  void closeStores() {
    // Both stay null when the backend was skipped on request (the set-up aborted).
    if (database != null) {
      database.close();
    }
    if (test != null) {
      test.close();
    }
  }

  User newUser() {
    return stores
        .users()
        .create(NewUser.of("user" + userCount.incrementAndGet() + "@example.com", "$hash"));
  }

  /** Every value of every column of {@code table}, as text, for checking what is at rest. */
  String rawTable(String table) {
    return database
        .jdbi()
        .withHandle(
            handle -> handle.createQuery("SELECT * FROM " + table).mapToMap().list().toString());
  }

  /** Runs the tasks at the same moment on their own threads and returns their results in order. */
  static <T> List<T> race(List<Callable<T>> tasks) throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(tasks.size());
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (Callable<T> task : tasks) {
        futures.add(
            threads.submit(
                () -> {
                  start.await();
                  return task.call();
                }));
      }
      start.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> future : futures) {
        // A guard against a deadlocked test, not a performance assertion.
        results.add(future.get(60, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      threads.shutdownNow();
    }
  }

  /**
   * A transaction on a connection of its own, left open: the row locks its writes take are held
   * until the caller commits or rolls it back, which lets a test make another call wait for them.
   */
  Handle openTransaction() {
    Handle handle = database.jdbi().open();
    handle.begin();
    return handle;
  }

  /**
   * Starts {@code competitor} on another thread, waits until it runs {@code statement} against the
   * rows the open transaction of {@code holder} wrote, then ends that transaction with {@code end}
   * (commit or rollback), closes the holder and returns what the competitor returned. So the
   * competitor has done everything before {@code statement} while the holder's writes were still
   * uncommitted, every time, unlike in {@link #race}.
   *
   * <p>On PostgreSQL the competitor counts as there once it waits for the holder's lock. H2 does
   * not report every such wait (an insert that waits for an uncommitted insert of the same key
   * shows as running, with no blocker), so there it counts once it is executing {@code statement}.
   */
  <T> T afterWaitingFor(
      Handle holder, Consumer<Handle> end, String statement, Callable<T> competitor)
      throws Exception {
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try (holder) {
      Future<T> result = thread.submit(competitor);
      awaitBlockedBy(holder, statement, result);
      end.accept(holder);
      // A guard against a deadlocked test, not a performance assertion.
      return result.get(60, TimeUnit.SECONDS);
    } finally {
      thread.shutdownNow();
    }
  }

  /** Polls the database's sessions until the competitor is where {@link #afterWaitingFor} says. */
  private void awaitBlockedBy(Handle holder, String statement, Future<?> competitor)
      throws Exception {
    boolean postgres = database.dialect() == Dialect.POSTGRESQL;
    int holderId =
        holder
            .createQuery(postgres ? "SELECT pg_backend_pid()" : "SELECT SESSION_ID()")
            .mapTo(Integer.class)
            .one();
    String waiting =
        postgres
            ? "SELECT COUNT(*) FROM pg_stat_activity WHERE :holder = ANY(pg_blocking_pids(pid))"
            : "SELECT COUNT(*) FROM information_schema.sessions WHERE blocker_id = :holder"
                + " OR (session_state = 'RUNNING' AND executing_statement LIKE '%"
                + statement
                + "%')";
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (database
            .jdbi()
            .withHandle(
                handle ->
                    handle.createQuery(waiting).bind("holder", holderId).mapTo(Integer.class).one())
        == 0) {
      if (competitor.isDone()) {
        fail(
            "the competing call ended without waiting for the lock of session "
                + holderId
                + ": "
                + competitor.get()
                + (postgres ? "" : "; sessions: " + rawTable("information_schema.sessions")));
      }
      if (System.nanoTime() > deadline) {
        fail("the competing call never waited for the lock");
      }
      Thread.sleep(5);
    }
  }

  static void assertRejected(String expectedMessageStart, Executable call) {
    IllegalArgumentException failure = assertThrows(IllegalArgumentException.class, call);
    assertTrue(
        failure.getMessage().startsWith(expectedMessageStart),
        () -> "expected '" + expectedMessageStart + "...', was '" + failure.getMessage() + "'");
  }
}
