package org.bourse.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.bourse.core.Command;
import org.bourse.core.CommandResult;
import org.bourse.core.EventListener;
import org.bourse.core.Exchange;
import org.bourse.core.ExchangeConfig;
import org.bourse.core.ExchangeException;
import org.bourse.core.ExchangeRuntime;
import org.bourse.core.FileJournalOptions;
import org.bourse.core.Journal;
import org.bourse.core.RuntimeConfig;
import org.bourse.core.SnapshotStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Start-up refuses what would silently mix histories, a journal has one writer, and snapshots are
 * written without stopping commands.
 */
class RecoverySafetyTest {
  @TempDir Path directory;

  @Test
  void shouldRefuseToStartWhenTheNewestSnapshotIsAheadOfTheJournal() throws Exception {
    // given: a runtime that closed with a snapshot at its last sequence, then lost its journal
    try (ExchangeRuntime runtime = ExchangeRuntime.openFiles(directory, RuntimeConfig.defaults())) {
      for (long id = 1; id <= 10; id++) {
        runtime.submit(new Command.AddUser(id, id)).join();
      }
    }
    try (var segments = Files.list(directory.resolve("journal"))) {
      for (Path segment : (Iterable<Path>) segments::iterator) {
        if (segment.getFileName().toString().endsWith(".seg")) {
          Files.delete(segment);
        }
      }
    }

    // when
    ExchangeException refused =
        assertThrows(
            ExchangeException.class,
            () -> ExchangeRuntime.openFiles(directory, RuntimeConfig.defaults()));

    // then: it names the snapshot and the journal's end, and the journal was released again
    assertTrue(refused.getMessage().contains("snapshot at sequence 10"), refused::getMessage);
    assertTrue(refused.getMessage().contains("last record 0"), refused::getMessage);
    Journal.openFiles(directory.resolve("journal"), FileJournalOptions.defaults()).close();
  }

  @Test
  void shouldNotRestoreASnapshotUnderOtherEngineBounds() throws Exception {
    // given: a snapshot written under the default bounds
    Exchange exchange = Exchange.create();
    exchange.apply(1, new Command.AddUser(1, 1));
    SnapshotStore store = SnapshotStore.inDirectory(directory.resolve("snapshots"));
    store.write(exchange);
    ExchangeConfig fewerOrders = ExchangeConfig.defaults().withOrderBounds(2, 2_000_000, 10_000);
    List<String> report = new ArrayList<>();

    // when
    Optional<Exchange> restored = store.readNewest(fewerOrders, Long.MAX_VALUE, report);

    // then: skipped, and the report names the bound
    assertTrue(restored.isEmpty());
    assertTrue(report.get(0).contains("maxOpenOrdersPerUser 1000, configured 2"), report::toString);
  }

  @Test
  void shouldRefuseASecondWriterOfTheSameJournal() throws Exception {
    // given
    try (Journal first =
        Journal.openFiles(directory.resolve("journal"), FileJournalOptions.defaults())) {

      // when
      ExchangeException refused =
          assertThrows(
              ExchangeException.class,
              () -> Journal.openFiles(directory.resolve("journal"), FileJournalOptions.defaults()));

      // then: a reader is still welcome
      assertTrue(refused.getMessage().contains("already open for writing"), refused::getMessage);
      try (Journal reader =
          Journal.openFiles(
              directory.resolve("journal"), FileJournalOptions.defaults().asReadOnly())) {
        assertEquals(first.lastSequence(), reader.lastSequence());
      }
    }
  }

  @Test
  void shouldKeepApplyingCommandsWhileASnapshotIsBeingWritten() throws Exception {
    // given: a snapshot store whose writes wait until released
    CountDownLatch release = new CountDownLatch(1);
    SnapshotStore files = SnapshotStore.inDirectory(directory.resolve("snapshots"));
    SnapshotStore held = new HeldSnapshots(files, release);
    Journal journal =
        Journal.openFiles(directory.resolve("journal"), FileJournalOptions.defaults());
    try (ExchangeRuntime runtime = ExchangeRuntime.start(RuntimeConfig.defaults(), journal, held)) {
      runtime.submit(new Command.AddUser(1, 1)).join();

      // when: a snapshot is requested and held, and more commands arrive
      CompletableFuture<Long> snapshot = runtime.snapshot();
      List<CompletableFuture<CommandResult>> later = new ArrayList<>();
      for (long id = 2; id <= 100; id++) {
        later.add(runtime.submit(new Command.AddUser(id, id)));
      }
      for (CompletableFuture<CommandResult> result : later) {
        assertTrue(result.get(30, TimeUnit.SECONDS).accepted());
      }

      // then: the commands went through while the snapshot still waited; it completes when let go
      assertFalse(snapshot.isDone());
      release.countDown();
      long at = snapshot.get(30, TimeUnit.SECONDS);
      // The snapshot task runs between batches, so it may include some of the later commands.
      assertTrue(at >= 1 && at <= 100, () -> "snapshot at " + at);
      assertEquals(List.of(at), files.sequences());
    }
  }

  @Test
  void shouldTellALateListenerAtOnceThatTheRuntimeIsClosed() throws Exception {
    // given
    ExchangeRuntime runtime = ExchangeRuntime.openFiles(directory, RuntimeConfig.defaults());
    runtime.close();
    AtomicReference<String> reason = new AtomicReference<>();

    // when
    runtime.subscribe(
        new EventListener() {
          @Override
          public void onResult(CommandResult result) {}

          @Override
          public void onDetached(long lastDeliveredSequence, String why) {
            reason.set(why);
          }
        });

    // then
    assertEquals("the runtime is closed", reason.get());
  }

  @Test
  void shouldRefuseCloseFromTheEngineThread() throws Exception {
    // given: a runtime that a callback on its engine thread will try to close
    ExchangeRuntime runtime = ExchangeRuntime.openFiles(directory, RuntimeConfig.defaults());
    AutoCloseable closer = runtime;
    try {
      // when: a query (which runs on the engine thread) closes it
      CompletableFuture<Object> closing =
          runtime.query(
              exchange -> {
                try {
                  closer.close();
                } catch (RuntimeException refused) {
                  throw refused;
                } catch (Exception unexpected) {
                  throw new IllegalStateException(unexpected);
                }
                return null;
              });

      // then: it fails instead of waiting for itself, and the runtime still works
      Throwable failure = assertThrows(Exception.class, () -> closing.get(30, TimeUnit.SECONDS));
      assertTrue(failure.getCause() instanceof ExchangeException, failure::toString);
      assertTrue(runtime.submit(new Command.AddUser(1, 1)).join().accepted());
    } finally {
      runtime.close();
    }
  }

  @Test
  void shouldNotLetAQueryApplyCommandsBehindTheJournalsBack() throws Exception {
    try (ExchangeRuntime runtime = ExchangeRuntime.openFiles(directory, RuntimeConfig.defaults())) {
      // when
      CompletableFuture<CommandResult> sneaky =
          runtime.query(exchange -> exchange.apply(1, new Command.AddUser(1, 1)));

      // then: refused, and the runtime still journals and applies submitted commands
      Throwable failure = assertThrows(Exception.class, () -> sneaky.get(30, TimeUnit.SECONDS));
      assertTrue(failure.getCause() instanceof ExchangeException, failure::toString);
      assertTrue(runtime.submit(new Command.AddUser(2, 1)).join().accepted());
      assertEquals(1L, runtime.lastSequence());
    }
  }

  @Test
  void shouldNeitherSnapshotNorAnswerQueriesAfterTheJournalFailed() throws Exception {
    // given: a journal that fails on its second append
    Journal files = Journal.openFiles(directory.resolve("journal"), FileJournalOptions.defaults());
    Journal failing = new FailingJournal(files, 2);
    SnapshotStore snapshots = SnapshotStore.inDirectory(directory.resolve("snapshots"));
    ExchangeRuntime runtime = ExchangeRuntime.start(RuntimeConfig.defaults(), failing, snapshots);
    try {
      runtime.submit(new Command.AddUser(1, 1)).join();

      // when
      CompletableFuture<CommandResult> lost = runtime.submit(new Command.AddUser(2, 2));
      assertThrows(Exception.class, lost::join);
      CompletableFuture<Long> snapshot = runtime.snapshot();
      CompletableFuture<Long> query = runtime.query(Exchange::lastSequence);

      // then: both fail at once and no snapshot of the stopped state was written
      assertThrows(Exception.class, () -> snapshot.get(30, TimeUnit.SECONDS));
      assertThrows(Exception.class, () -> query.get(30, TimeUnit.SECONDS));
      assertEquals(List.of(), snapshots.sequences());
    } finally {
      runtime.close();
    }
  }

  @Test
  void shouldAcknowledgeALargeBatchOnlyAfterItsAppendReturnedThoughTheEngineAppliedItMeanwhile()
      throws Exception {
    // given: a journal whose appends of large batches wait for the test, then fail or go on
    Journal files = Journal.openFiles(directory.resolve("journal"), FileJournalOptions.defaults());
    GatedJournal gated = new GatedJournal(files);
    SnapshotStore snapshots = SnapshotStore.inDirectory(directory.resolve("snapshots"));
    ExchangeRuntime runtime = ExchangeRuntime.start(RuntimeConfig.defaults(), gated, snapshots);
    List<CompletableFuture<CommandResult>> kept;
    List<CompletableFuture<CommandResult>> lost;
    try {
      kept = submitAsOneBatch(runtime, 1);
      awaitGate(gated);
      assertEquals("bourse-journal", gated.appendingThread.get(), "appended beside the engine");
      assertTrue(kept.stream().noneMatch(CompletableFuture::isDone), "acknowledged before durable");
      assertEquals(0L, runtime.lastSequence());
      gated.release(false);
      kept.forEach(future -> assertTrue(future.join().accepted()));
      assertEquals(1_000L, runtime.lastSequence());

      // when: the append of the next large batch fails after the engine applied it
      lost = submitAsOneBatch(runtime, 1_001);
      awaitGate(gated);
      gated.release(true);

      // then: none of it is acknowledged and the runtime stops
      for (CompletableFuture<CommandResult> future : lost) {
        assertThrows(Exception.class, () -> future.get(30, TimeUnit.SECONDS));
      }
      assertThrows(Exception.class, () -> runtime.submit(new Command.AddUser(5_000, 1)).join());
    } finally {
      runtime.close();
    }

    // and a restart recovers exactly the acknowledged batch
    try (ExchangeRuntime restarted =
        ExchangeRuntime.openFiles(directory, RuntimeConfig.defaults())) {
      assertEquals(1_000L, restarted.lastSequence());
      assertTrue(restarted.query(exchange -> exchange.hasUser(1_000)).join());
      assertFalse(restarted.query(exchange -> exchange.hasUser(1_001)).join());
    }
  }

  /**
   * Submits 1,000 users from {@code firstUserId} while a query holds the engine thread, so that it
   * drains them as one batch: large enough to be journaled on the journal thread.
   */
  private static List<CompletableFuture<CommandResult>> submitAsOneBatch(
      ExchangeRuntime runtime, long firstUserId) throws Exception {
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CompletableFuture<Boolean> hold =
        runtime.query(
            exchange -> {
              holding.countDown();
              try {
                return release.await(30, TimeUnit.SECONDS);
              } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return false;
              }
            });
    assertTrue(holding.await(30, TimeUnit.SECONDS));
    List<CompletableFuture<CommandResult>> futures = new ArrayList<>();
    for (long userId = firstUserId; userId < firstUserId + 1_000; userId++) {
      futures.add(runtime.submit(new Command.AddUser(userId, userId)));
    }
    release.countDown();
    assertTrue(hold.get(30, TimeUnit.SECONDS));
    return futures;
  }

  private static void awaitGate(GatedJournal gated) throws InterruptedException {
    assertTrue(
        gated.waiting.tryAcquire(30, TimeUnit.SECONDS), "no large batch reached the journal");
    // The engine applies the batch meanwhile; give it time to, so that an early acknowledgement
    // would be caught by the assertions that follow.
    Thread.sleep(200);
  }

  /** Holds each append of 256 records or more until released, then appends it or fails it. */
  private static final class GatedJournal extends ForwardingJournal {
    final Semaphore waiting = new Semaphore(0);
    final AtomicReference<String> appendingThread = new AtomicReference<>();
    private final SynchronousQueue<Boolean> verdicts = new SynchronousQueue<>();

    GatedJournal(Journal journal) {
      super(journal);
    }

    void release(boolean fail) throws InterruptedException {
      verdicts.put(fail);
    }

    @Override
    public void append(List<org.bourse.core.JournalRecord> batch) {
      if (batch.size() >= 256) {
        appendingThread.set(Thread.currentThread().getName());
        waiting.release();
        Boolean fail;
        try {
          // Bounded, so that a failing test stops the runtime instead of hanging in close().
          fail = verdicts.poll(30, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new ExchangeException("interrupted", interrupted);
        }
        if (fail == null || fail) {
          throw new ExchangeException("disk on fire");
        }
      }
      journal.append(batch);
    }
  }

  /** A journal that fails on its n-th append, before writing anything. */
  private static final class FailingJournal extends ForwardingJournal {
    private int appendsLeft;

    FailingJournal(Journal journal, int failOnAppend) {
      super(journal);
      this.appendsLeft = failOnAppend;
    }

    @Override
    public void append(List<org.bourse.core.JournalRecord> batch) {
      if (--appendsLeft == 0) {
        throw new ExchangeException("disk on fire");
      }
      journal.append(batch);
    }
  }

  /** Delegates to a real store, but each capture's write waits for the latch. */
  private static final class HeldSnapshots implements SnapshotStore {
    private final SnapshotStore files;
    private final CountDownLatch release;

    HeldSnapshots(SnapshotStore files, CountDownLatch release) {
      this.files = files;
      this.release = release;
    }

    @Override
    public Capture capture(Exchange exchange) throws IOException {
      Capture real = files.capture(exchange);
      return () -> {
        try {
          release.await();
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted", interrupted);
        }
        real.store();
      };
    }

    @Override
    public List<Long> sequences() throws IOException {
      return files.sequences();
    }

    @Override
    public Optional<Exchange> readNewest(
        ExchangeConfig config, long atMostSequence, List<String> report) throws IOException {
      return files.readNewest(config, atMostSequence, report);
    }

    @Override
    public OptionalLong retain(int keep) throws IOException {
      return files.retain(keep);
    }
  }
}
