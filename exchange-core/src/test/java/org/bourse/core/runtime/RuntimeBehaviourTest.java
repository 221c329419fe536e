package org.bourse.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.bourse.core.Command;
import org.bourse.core.CommandResult;
import org.bourse.core.EventListener;
import org.bourse.core.Exchange;
import org.bourse.core.ExchangeRuntime;
import org.bourse.core.FeeRates;
import org.bourse.core.FeeSchedule;
import org.bourse.core.FeeTier;
import org.bourse.core.FileJournalOptions;
import org.bourse.core.Journal;
import org.bourse.core.JournalRecord;
import org.bourse.core.RejectReason;
import org.bourse.core.RuntimeConfig;
import org.bourse.core.Side;
import org.bourse.core.SnapshotStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime's behaviour around the engine: back-pressure, oversized commands, listeners that are
 * slow, throw, or must only see durable results, a clean close, and the injected clock.
 */
class RuntimeBehaviourTest {
  private static final long T0 = 1_700_000_000_000L;

  @TempDir Path directory;

  // -------------------------------------------------------------------------------------------
  // Refusals before the engine

  @Test
  void shouldAnswerBusyWithSequenceZeroWhenTheQueueIsFull() throws Exception {
    // given: a queue of four and an engine thread held inside a query
    RuntimeConfig config = RuntimeConfig.defaults().withQueue(4, 4);
    try (ExchangeRuntime runtime = ExchangeRuntime.openFiles(directory, config)) {
      EngineGate gate = EngineGate.hold(runtime);
      List<CompletableFuture<CommandResult>> futures = new ArrayList<>();

      // when: more commands than the queue holds
      for (long id = 1; id <= 5; id++) {
        futures.add(runtime.submit(new Command.AddUser(id, id)));
      }

      // then: the last one (and possibly the one before: the query's wake-up marker may take a
      // slot) is refused at once, the first three wait in the queue
      CommandResult busy = futures.get(4).getNow(null);
      assertEquals(RejectReason.BUSY, busy.rejectReason());
      assertEquals(0, busy.sequence());
      assertEquals(5, busy.commandId());
      for (int i = 0; i < 3; i++) {
        assertFalse(futures.get(i).isDone(), "command " + (i + 1) + " should be queued");
      }

      // when: the engine thread is released
      gate.release();

      // then: the queued commands are applied in order; the refused one was never journaled
      // and can be retried
      for (int i = 0; i < 3; i++) {
        assertEquals(i + 1, futures.get(i).join().sequence());
      }
      CommandResult retried = runtime.submit(new Command.AddUser(5, 5)).join();
      assertTrue(retried.accepted(), retried::toString);
      assertFalse(retried.duplicate());
    }
    List<Long> journaled = Journals.commandIds(Journals.readAll(directory.resolve("journal")));
    assertEquals(1, journaled.stream().filter(id -> id == 5).count(), journaled::toString);
  }

  @Test
  void shouldRefuseACommandThatCannotBeJournaledAsTooLarge() throws Exception {
    // given
    try (ExchangeRuntime runtime = ExchangeRuntime.openFiles(directory, RuntimeConfig.defaults())) {
      List<FeeTier> tiers = new ArrayList<>();
      for (int i = 0; i < 1_000; i++) {
        tiers.add(new FeeTier(i, FeeRates.ZERO));
      }

      // when
      CommandResult longClientOrderId =
          runtime
              .submit(
                  Command.PlaceOrder.limit(1, 1, 1, Side.BUY, 100, 1)
                      .withClientOrderId("x".repeat(257)))
              .join();
      CommandResult longestClientOrderId =
          runtime
              .submit(
                  Command.PlaceOrder.limit(2, 1, 1, Side.BUY, 100, 1)
                      .withClientOrderId("x".repeat(256)))
              .join();
      CommandResult hugeSchedule =
          runtime.submit(new Command.SetFeeSchedule(3, new FeeSchedule(1, tiers))).join();
      CommandResult longCancel =
          runtime.submit(new Command.CancelOrder(4, 1, 0, "y".repeat(300))).join();

      // then: refused before the engine (sequence 0, nothing journaled) ...
      for (CommandResult refused : List.of(longClientOrderId, hugeSchedule, longCancel)) {
        assertEquals(RejectReason.COMMAND_TOO_LARGE, refused.rejectReason(), refused::toString);
        assertEquals(0, refused.sequence());
      }
      // ... while 256 characters still reach the engine, which rejects them by its own rules
      assertEquals(1, longestClientOrderId.sequence());
      assertEquals(RejectReason.INVALID_CLIENT_ORDER_ID, longestClientOrderId.rejectReason());
      assertEquals(1, runtime.lastSequence());
    }
    assertEquals(List.of(2L), Journals.commandIds(Journals.readAll(directory.resolve("journal"))));
  }

  // -------------------------------------------------------------------------------------------
  // Listeners

  @Test
  void shouldDetachASlowListenerWithoutSlowingTheEngine() throws Exception {
    // given: a listener with a buffer of four that blocks in its first result
    RuntimeConfig config = RuntimeConfig.defaults().withListenerBuffer(4);
    CountDownLatch inFirstResult = new CountDownLatch(1);
    CountDownLatch letGo = new CountDownLatch(1);
    RecordingListener slow =
        new RecordingListener(
            result -> {
              inFirstResult.countDown();
              await(letGo);
            });
    try (ExchangeRuntime runtime = ExchangeRuntime.openFiles(directory, config)) {
      runtime.subscribe(slow);
      runtime.submit(new Command.AddUser(1, 1)).join();
      inFirstResult.await();

      // when: many more results than its buffer holds
      for (long id = 2; id <= 20; id++) {
        // then: every command completes while the listener is still stuck
        assertEquals(id, runtime.submit(new Command.AddUser(id, id)).join().sequence());
      }
      letGo.countDown();

      // then: it is told it was detached after the one result it got, and gets nothing more
      slow.detached.await();
      assertEquals(1, slow.lastDeliveredOnDetach.get());
      assertTrue(slow.reason.get().contains("full"), slow.reason::get);
      assertEquals(List.of(1L), slow.sequences);
    }
  }

  @Test
  void shouldDetachAListenerThatThrowsAndKeepServingTheOthers() throws Exception {
    // given
    RecordingListener throwing =
        new RecordingListener(
            result -> {
              throw new IllegalStateException("listener bug");
            });
    RecordingListener healthy = new RecordingListener(result -> {});
    try (ExchangeRuntime runtime = ExchangeRuntime.openFiles(directory, RuntimeConfig.defaults())) {
      runtime.subscribe(throwing);
      runtime.subscribe(healthy);

      // when
      for (long id = 1; id <= 10; id++) {
        runtime.submit(new Command.AddUser(id, id)).join();
      }
      throwing.detached.await();

      // then
      assertEquals(0, throwing.lastDeliveredOnDetach.get());
      assertTrue(throwing.reason.get().contains("listener bug"), throwing.reason::get);
      assertEquals(11, runtime.submit(new Command.AddUser(11, 11)).join().sequence());
    }
    // close waits for listeners to drain: the healthy one saw everything, in order
    assertEquals(LongRange.of(1, 11), healthy.sequences);
  }

  @Test
  void shouldPublishOnlyResultsThatAreAlreadyDurable() throws Exception {
    // given: a journal that records how far it is durable, and a listener and future callbacks
    // that compare each result against it
    DurableMark journal =
        new DurableMark(Journal.openFiles(directory.resolve("journal"), Journals.SMALL_SEGMENTS));
    List<String> violations = Collections.synchronizedList(new ArrayList<>());
    RecordingListener listener =
        new RecordingListener(
            result -> {
              if (result.sequence() > journal.durable.get()) {
                violations.add("listener saw " + result.sequence() + " before it was durable");
              }
            });
    int threads = 4;
    int perThread = 400;
    try (ExchangeRuntime runtime =
        ExchangeRuntime.start(
            RuntimeConfig.defaults().withQueue(65_536, 16),
            journal,
            SnapshotStore.inDirectory(directory.resolve("snapshots")))) {
      runtime.subscribe(listener);

      // when: several threads submit at once
      ExecutorService producers = Executors.newFixedThreadPool(threads);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        long firstId = 1 + (long) t * perThread;
        done.add(
            producers.submit(
                () -> {
                  List<CompletableFuture<CommandResult>> futures = new ArrayList<>();
                  for (long id = firstId; id < firstId + perThread; id++) {
                    futures.add(
                        runtime
                            .submit(new Command.AddUser(id, id))
                            .whenComplete(
                                (result, error) -> {
                                  if (result != null && result.sequence() > journal.durable.get()) {
                                    violations.add("future of " + result.sequence() + " early");
                                  }
                                }));
                  }
                  futures.forEach(CompletableFuture::join);
                }));
      }
      for (Future<?> producer : done) {
        producer.get();
      }
      producers.shutdown();
    }

    // then
    assertEquals(List.of(), violations);
    assertEquals(LongRange.of(1, threads * perThread), listener.sequences);
  }

  // -------------------------------------------------------------------------------------------
  // Close and clock

  @Test
  void shouldApplyJournalAndSyncEverythingQueuedWhenClosed() throws Exception {
    // given: an engine thread held while commands queue up, on channels that count unforced bytes
    FaultyChannels channels = new FaultyChannels();
    ExchangeRuntime runtime =
        ExchangeRuntime.start(
            RuntimeConfig.defaults(),
            Journal.openFiles(
                directory.resolve("journal"), Journals.SMALL_SEGMENTS.withChannels(channels)),
            SnapshotStore.inDirectory(directory.resolve("snapshots")));
    EngineGate gate = EngineGate.hold(runtime);
    List<CompletableFuture<CommandResult>> queued = new ArrayList<>();
    for (long id = 1; id <= 200; id++) {
      queued.add(runtime.submit(new Command.AddUser(id, id)));
    }

    // when: close begins while they wait (a submit is refused once it has) and the engine resumes
    CountDownLatch closing = new CountDownLatch(1);
    Thread closer =
        new Thread(
            () -> {
              closing.countDown();
              runtime.close();
            },
            "closer");
    closer.start();
    closing.await();
    long probe = 1_000;
    CompletableFuture<CommandResult> probed;
    while (!(probed = runtime.submit(new Command.AddUser(probe, probe)))
        .isCompletedExceptionally()) {
      // Submitted before close stopped accepting: it counts as queued too.
      queued.add(probed);
      probe++;
    }
    gate.release();
    closer.join();

    // then: every queued command was applied, journaled and forced, and a final snapshot taken
    for (int i = 0; i < queued.size(); i++) {
      assertEquals(i + 1, queued.get(i).join().sequence());
    }
    assertEquals(0, channels.unforcedBytes());
    try (Journal journal =
        Journal.openFiles(
            directory.resolve("journal"), FileJournalOptions.defaults().asReadOnly())) {
      assertEquals(queued.size(), journal.lastSequence());
      assertEquals(List.of(), journal.openReport());
    }
    assertEquals(
        List.of((long) queued.size()),
        SnapshotStore.inDirectory(directory.resolve("snapshots")).sequences().subList(0, 1));
  }

  @Test
  void shouldStampCommandsWithTheInjectedClockNeverGoingBackwards() throws Exception {
    // given: a clock the test moves, also backwards
    AtomicLong clock = new AtomicLong();
    RuntimeConfig config = RuntimeConfig.defaults().withClock(clock::get);
    long[] readings = {T0, T0 - 5_000, T0 + 1_000, T0 + 1_000, T0 + 500, T0 + 90_000_000};
    long[] expected = {T0, T0, T0 + 1_000, T0 + 1_000, T0 + 1_000, T0 + 90_000_000};
    List<Long> stamped = new ArrayList<>();
    try (ExchangeRuntime runtime = ExchangeRuntime.openFiles(directory, config)) {
      for (int i = 0; i < readings.length; i++) {
        // when
        clock.set(readings[i]);
        stamped.add(runtime.submit(new Command.AddUser(i + 1, i + 1)).join().timestampMs());
      }
    }
    // when: the process restarts with a clock behind the journal
    clock.set(T0 - 86_400_000L);
    try (ExchangeRuntime restarted = ExchangeRuntime.openFiles(directory, config)) {
      stamped.add(restarted.submit(new Command.AddUser(100, 100)).join().timestampMs());
    }

    // then: results and journal carry the clock's time, held wherever it went backwards
    List<Long> expectedStamps = new ArrayList<>();
    for (long value : expected) {
      expectedStamps.add(value);
    }
    expectedStamps.add(T0 + 90_000_000);
    assertEquals(expectedStamps, stamped);
    List<Long> journaled = new ArrayList<>();
    for (JournalRecord record : Journals.readAll(directory.resolve("journal"))) {
      journaled.add(record.timestampMs());
    }
    assertEquals(expectedStamps, journaled);
  }

  @Test
  void shouldFailSubmitsQueriesAndSnapshotsAfterClose() throws Exception {
    // given
    ExchangeRuntime runtime = ExchangeRuntime.openFiles(directory, RuntimeConfig.defaults());
    runtime.submit(new Command.AddUser(1, 1)).join();
    runtime.close();

    // when
    CompletableFuture<CommandResult> submitted = runtime.submit(new Command.AddUser(2, 2));
    CompletableFuture<Long> queried = runtime.query(Exchange::lastSequence);
    CompletableFuture<Long> snapshot = runtime.snapshot();

    // then: each fails at once rather than waiting for an engine thread that is gone
    assertTrue(submitted.isCompletedExceptionally());
    assertTrue(queried.isCompletedExceptionally());
    assertTrue(snapshot.isCompletedExceptionally());
    runtime.close();
  }

  // -------------------------------------------------------------------------------------------
  // Fixtures

  /** Holds the engine thread inside a query until released. */
  private static final class EngineGate {
    private final CountDownLatch released = new CountDownLatch(1);

    static EngineGate hold(ExchangeRuntime runtime) throws InterruptedException {
      EngineGate gate = new EngineGate();
      CountDownLatch held = new CountDownLatch(1);
      runtime.query(
          exchange -> {
            held.countDown();
            await(gate.released);
            return null;
          });
      held.await();
      return gate;
    }

    void release() {
      released.countDown();
    }
  }

  /** Records what a listener received, after running a behaviour for each result. */
  private static final class RecordingListener implements EventListener {
    final List<Long> sequences = Collections.synchronizedList(new ArrayList<>());
    final CountDownLatch detached = new CountDownLatch(1);
    final AtomicLong lastDeliveredOnDetach = new AtomicLong(-1);
    final AtomicReference<String> reason = new AtomicReference<>();
    private final Consumer<CommandResult> behaviour;

    RecordingListener(Consumer<CommandResult> behaviour) {
      this.behaviour = behaviour;
    }

    @Override
    public void onResult(CommandResult result) {
      sequences.add(result.sequence());
      behaviour.accept(result);
    }

    @Override
    public void onDetached(long lastDeliveredSequence, String why) {
      lastDeliveredOnDetach.set(lastDeliveredSequence);
      reason.set(why);
      detached.countDown();
    }
  }

  /** A journal that publishes the sequence up to which appends have returned (are durable). */
  private static final class DurableMark extends ForwardingJournal {
    final AtomicLong durable = new AtomicLong();

    DurableMark(Journal journal) {
      super(journal);
      durable.set(journal.lastSequence());
    }

    @Override
    public void append(List<JournalRecord> batch) {
      journal.append(batch);
      durable.set(journal.lastSequence());
    }
  }

  /** Consecutive sequences as a list, for comparing with what a listener saw. */
  private static final class LongRange {
    static List<Long> of(long first, long last) {
      List<Long> range = new ArrayList<>();
      for (long value = first; value <= last; value++) {
        range.add(value);
      }
      return range;
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(interrupted);
    }
  }
}
