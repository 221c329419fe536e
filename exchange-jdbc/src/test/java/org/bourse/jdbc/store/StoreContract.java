package org.bourse.jdbc.store;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.bourse.jdbc.Database;
import org.bourse.jdbc.TestDatabase;
import org.bourse.jdbc.TestDatabase.Backend;
import org.bourse.store.NewUser;
import org.bourse.store.PasswordParameters;
import org.bourse.store.User;
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
    database.close();
    test.close();
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

  static void assertRejected(String expectedMessageStart, Executable call) {
    IllegalArgumentException failure = assertThrows(IllegalArgumentException.class, call);
    assertTrue(
        failure.getMessage().startsWith(expectedMessageStart),
        () -> "expected '" + expectedMessageStart + "...', was '" + failure.getMessage() + "'");
  }
}
