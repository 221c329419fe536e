package org.bourse.core;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * The implementation of {@link ExchangeRuntime}: one engine thread, a bounded queue, group commit,
 * then apply and publish. See the interface for the guarantees; the comments here say how.
 */
final class EngineRunner implements ExchangeRuntime {
  /**
   * How long the engine thread spins for more work before it parks. Waking a parked thread costs
   * the submitter a system call and the command tens of microseconds, which at a steady hundred
   * thousand commands a second would be every command; spinning this long covers such gaps and
   * costs an idle runtime one short burst per batch.
   */
  private static final long SPIN_NS = TimeUnit.MICROSECONDS.toNanos(50);

  /**
   * The smallest batch journaled on the journal thread while the engine applies it. Below this the
   * hand-off and wake-up of the journal thread cost more than the overlap saves, and a small batch
   * means the runtime is not busy anyway.
   */
  private static final int OVERLAP_MIN_BATCH = 256;

  /** The longest park: a lost wake-up cannot happen, this only bounds the damage of a bug. */
  private static final long PARK_NS = TimeUnit.MILLISECONDS.toNanos(100);

  private final RuntimeConfig config;
  private final Journal journal;
  private final SnapshotStore snapshots;
  private final Engine engine;
  private final Exchange readOnly;
  private final List<String> recoveryReport;
  private final CommandQueue<Pending> queue;
  private final ConcurrentLinkedQueue<Task> tasks = new ConcurrentLinkedQueue<>();
  private final Object listenersLock = new Object();
  private final List<ListenerPump> listeners = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private volatile boolean accepting = true;

  /** Set while the engine thread parks (or is about to): submitters then unpark it. */
  private volatile boolean engineWaiting;

  private volatile boolean tasksClosed;
  private volatile Throwable failure;
  private volatile long lastSequence;
  private long lastSnapshotSequence;
  private int snapshotsInFlight;
  private final ExecutorService snapshotWriter = daemonExecutor("bourse-snapshot");

  /**
   * Appends large batches while the engine thread applies them; the engine thread waits for the
   * append before anything of the batch leaves it, so appends never overlap each other.
   */
  private final ExecutorService journalWriter = daemonExecutor("bourse-journal");

  private long lastTimestampMs;

  /**
   * Work for the engine thread between batches, with the future to fail if the runtime stops before
   * running it (null for the runtime's own bookkeeping).
   */
  private static final class Task {
    final Runnable work;
    final CompletableFuture<?> future;

    Task(Runnable work, CompletableFuture<?> future) {
      this.work = work;
      this.future = future;
    }
  }

  /**
   * A submitted command waiting for the engine thread, and the future handed to the submitter: one
   * object per command instead of two. Dependent stages are plain {@link CompletableFuture}s.
   */
  private static final class Pending extends CompletableFuture<CommandResult> {
    final Command command;

    Pending(Command command) {
      this.command = command;
    }
  }

  EngineRunner(
      RuntimeConfig config,
      Journal journal,
      SnapshotStore snapshots,
      Engine engine,
      List<String> recoveryReport) {
    this.config = config;
    this.journal = journal;
    this.snapshots = snapshots;
    this.engine = engine;
    this.readOnly = new ReadOnlyExchange(engine);
    this.recoveryReport = List.copyOf(recoveryReport);
    this.queue = new CommandQueue<>(config.queueCapacity());
    this.lastSequence = engine.lastSequence();
    this.lastSnapshotSequence = engine.lastSequence();
    this.lastTimestampMs = engine.lastTimestampMs();
    this.thread = new Thread(this::run, "bourse-engine");
    thread.start();
  }

  private static ExecutorService daemonExecutor(String name) {
    return Executors.newSingleThreadExecutor(
        task -> {
          Thread thread = new Thread(task, name);
          thread.setDaemon(true);
          return thread;
        });
  }

  // -------------------------------------------------------------------------------------------
  // Producers

  @Override
  public CompletableFuture<CommandResult> submit(Command command) {
    if (!accepting) {
      return CompletableFuture.failedFuture(stoppedException());
    }
    if (!fitsJournal(command)) {
      return CompletableFuture.completedFuture(refused(command, RejectReason.COMMAND_TOO_LARGE));
    }
    Pending pending = new Pending(command);
    switch (queue.offer(pending)) {
      case FULL:
        return CompletableFuture.completedFuture(refused(command, RejectReason.BUSY));
      case CLOSED:
        // close() or a failure closed the queue after the check above: nothing will take it.
        return CompletableFuture.failedFuture(stoppedException());
      default:
        // Added before the queue closed, so the engine thread applies or fails it.
        if (engineWaiting) {
          LockSupport.unpark(thread);
        }
        return pending;
    }
  }

  private static CommandResult refused(Command command, RejectReason reason) {
    return new CommandResult(0, 0, command.commandId(), reason, null, 0, null, 0, false, List.of());
  }

  /** Only strings and definitions can be large; order commands are checked without encoding. */
  private static boolean fitsJournal(Command command) {
    if (command instanceof Command.PlaceOrder) {
      return shortString(((Command.PlaceOrder) command).clientOrderId());
    } else if (command instanceof Command.CancelOrder) {
      return shortString(((Command.CancelOrder) command).clientOrderId());
    } else if (command instanceof Command.AmendOrder) {
      return shortString(((Command.AmendOrder) command).clientOrderId());
    } else if (command instanceof Command.DefineAsset
        || command instanceof Command.DefineInstrument
        || command instanceof Command.SetFeeSchedule) {
      try {
        CommandCodec.encode(
            command, java.nio.ByteBuffer.allocate(CommandCodec.MAX_ENCODED_BYTES + 1));
        return true;
      } catch (IllegalArgumentException tooLarge) {
        return false;
      }
    }
    return true;
  }

  private static boolean shortString(String s) {
    return s == null || s.length() <= 256;
  }

  private ExchangeException stoppedException() {
    Throwable cause = failure;
    return cause == null
        ? new ExchangeException("the exchange runtime is closed")
        : new ExchangeException("the exchange runtime stopped after a failure", cause);
  }

  @Override
  public <T> CompletableFuture<T> query(Function<Exchange, T> query) {
    CompletableFuture<T> result = new CompletableFuture<>();
    schedule(
        () -> {
          try {
            result.complete(query.apply(readOnly));
          } catch (RuntimeException e) {
            result.completeExceptionally(e);
          }
        },
        result);
    return result;
  }

  @Override
  public CompletableFuture<Long> snapshot() {
    CompletableFuture<Long> result = new CompletableFuture<>();
    schedule(
        () -> {
          try {
            startSnapshot(result);
          } catch (IOException | RuntimeException e) {
            result.completeExceptionally(e);
          }
        },
        result);
    return result;
  }

  /**
   * Hands a task to the engine thread, or fails its future at once if that thread has run its last
   * tasks. The engine thread sets {@code tasksClosed} before its final drain, so a task added
   * concurrently is either run by that drain or removed again here: never left waiting forever.
   */
  private void schedule(Runnable work, CompletableFuture<?> result) {
    Task task = new Task(work, result);
    tasks.add(task);
    if (tasksClosed && tasks.remove(task)) {
      result.completeExceptionally(stoppedException());
    } else {
      wake();
    }
  }

  private void wake() {
    LockSupport.unpark(thread);
  }

  @Override
  public void subscribe(EventListener listener) {
    synchronized (listenersLock) {
      // fail() detaches under the same lock, so a listener is either detached by it or told here.
      if (accepting) {
        listeners.add(new ListenerPump(listener, config.listenerBufferSize(), listeners));
        return;
      }
    }
    listener.onDetached(0, "the runtime is " + (failure == null ? "closed" : "stopped"));
  }

  @Override
  public long lastSequence() {
    return lastSequence;
  }

  @Override
  public List<String> recoveryReport() {
    return recoveryReport;
  }

  @Override
  public synchronized void close() {
    if (Thread.currentThread() == thread) {
      throw new ExchangeException(
          "close() called on the engine thread (from a future's callback?) would wait for itself");
    }
    accepting = false;
    // Commands added before this are still applied; later submits fail (see submit).
    queue.close();
    LockSupport.unpark(thread);
    try {
      thread.join();
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
    for (ListenerPump pump : listeners) {
      pump.finish();
    }
  }

  // -------------------------------------------------------------------------------------------
  // The engine thread

  private void run() {
    List<Pending> batch = List.of();
    try {
      while (true) {
        runTasks();
        // A fresh list for each batch, sized to the backlog: an add to a young array skips G1's
        // write barrier, which every add to a long-lived list pays.
        batch = new ArrayList<>(Math.min(queue.backlog(), config.maxBatch()));
        if (queue.drainTo(batch, config.maxBatch(), false) == 0) {
          if (queue.isDrained()) {
            break;
          }
          idle();
          continue;
        }
        process(batch);
        batch = List.of(); // completed: nothing left for fail() to answer
        if (config.snapshotEveryCommands() > 0
            && snapshotsInFlight == 0
            && engine.lastSequence() - lastSnapshotSequence >= config.snapshotEveryCommands()) {
          startSnapshot(null);
        }
      }
      tasksClosed = true;
      runTasks();
      snapshotWriter.shutdown();
      if (!snapshotWriter.awaitTermination(10, TimeUnit.MINUTES)) {
        throw new ExchangeException("a snapshot write did not finish within 10 minutes");
      }
      runTasks();
      if (engine.lastSequence() > lastSnapshotSequence) {
        SnapshotStore.Capture last = snapshots.capture(engine);
        last.store();
        pruneJournal(snapshots.retain(config.snapshotsToKeep()));
      }
    } catch (Throwable fatal) {
      fail(fatal, batch);
    } finally {
      snapshotWriter.shutdownNow();
      closeJournal();
    }
  }

  /**
   * Journals, applies and completes one batch. Durability before acknowledgement does not need
   * durability before application: a large batch is appended on the journal thread while this
   * thread applies it, and nothing of it (futures, listeners, the queries and snapshots that run
   * between batches) leaves this method before the append has returned. If the append fails, the
   * applied batch was never acknowledged and the runtime stops, so a restart recovers the journal
   * without it.
   */
  private void process(List<Pending> batch) throws InterruptedException {
    if (batch.isEmpty()) {
      return;
    }
    long timestampMs = Math.max(config.clock().millis(), lastTimestampMs);
    long sequence = engine.lastSequence();
    List<JournalRecord> records = new ArrayList<>(batch.size());
    for (Pending pending : batch) {
      records.add(new JournalRecord(++sequence, timestampMs, pending.command));
    }
    Future<?> append = null;
    if (batch.size() >= OVERLAP_MIN_BATCH) {
      append = journalWriter.submit(() -> journal.append(records));
    } else {
      journal.append(records);
    }
    lastTimestampMs = timestampMs;
    CommandResult[] results = new CommandResult[batch.size()];
    try {
      for (int i = 0; i < batch.size(); i++) {
        results[i] = engine.apply(timestampMs, batch.get(i).command);
      }
    } catch (RuntimeException | Error applyFailed) {
      // The runtime stops on this; the append must end first, so the journal can be closed.
      if (append != null) {
        try {
          awaitAppend(append);
        } catch (RuntimeException | Error appendFailed) {
          applyFailed.addSuppressed(appendFailed);
        }
      }
      throw applyFailed;
    }
    if (append != null) {
      awaitAppend(append);
    }
    lastSequence = engine.lastSequence();
    for (int i = 0; i < batch.size(); i++) {
      batch.get(i).complete(results[i]);
    }
    for (ListenerPump pump : listeners) {
      pump.offer(results);
    }
  }

  /** Waits for an append on the journal thread and rethrows how it failed, if it did. */
  private static void awaitAppend(Future<?> append) throws InterruptedException {
    try {
      append.get();
    } catch (ExecutionException failed) {
      Throwable cause = failed.getCause();
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw new ExchangeException("journal append failed", cause);
    }
  }

  /** Closes the journal once no append can still be running on the journal thread. */
  private void closeJournal() {
    journalWriter.shutdown();
    try {
      if (!journalWriter.awaitTermination(10, TimeUnit.MINUTES)) {
        throw new ExchangeException("a journal append did not finish within 10 minutes");
      }
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    } finally {
      journal.close();
    }
  }

  /** Waits for commands, tasks or close: spins for {@link #SPIN_NS}, then parks. */
  private void idle() {
    long deadline = System.nanoTime() + SPIN_NS;
    do {
      if (hasWork()) {
        return;
      }
      Thread.onSpinWait();
    } while (System.nanoTime() - deadline < 0);
    // Announce the park, then look again: a submitter that added after this look sees the flag
    // (both are volatile), so the command cannot sit unnoticed while this thread sleeps.
    engineWaiting = true;
    if (!hasWork()) {
      LockSupport.parkNanos(this, PARK_NS);
    }
    engineWaiting = false;
  }

  private boolean hasWork() {
    return !queue.isEmpty() || !tasks.isEmpty() || queue.isClosed();
  }

  private void runTasks() {
    Task task;
    while ((task = tasks.poll()) != null) {
      task.work.run();
    }
  }

  /**
   * Captures a snapshot on the engine thread (serialising into memory) and leaves writing and
   * forcing it, which can take tens of milliseconds, to the snapshot thread, so commands keep
   * flowing meanwhile. Old snapshots are deleted on the snapshot thread too (it is the only one
   * writing files there); the journal, which only the engine thread touches, is pruned when the
   * write is reported back.
   *
   * @param requested completes with the sequence once durable; null for a periodic snapshot, whose
   *     failure stops the runtime rather than pass unnoticed
   */
  private void startSnapshot(CompletableFuture<Long> requested) throws IOException {
    if (failure != null) {
      throw new ExchangeException("no snapshot of a runtime that failed", failure);
    }
    long sequence = engine.lastSequence();
    SnapshotStore.Capture capture = snapshots.capture(engine);
    snapshotsInFlight++;
    snapshotWriter.execute(
        () -> {
          OptionalLong oldestKept = OptionalLong.empty();
          Throwable error = null;
          try {
            capture.store();
            oldestKept = snapshots.retain(config.snapshotsToKeep());
          } catch (IOException | RuntimeException e) {
            error = e;
          }
          OptionalLong kept = oldestKept;
          Throwable failed = error;
          tasks.add(new Task(() -> finishSnapshot(sequence, kept, failed, requested), null));
          wake();
        });
  }

  private void finishSnapshot(
      long sequence, OptionalLong oldestKept, Throwable error, CompletableFuture<Long> requested) {
    snapshotsInFlight--;
    if (error != null) {
      if (requested != null) {
        requested.completeExceptionally(error);
        return;
      }
      throw new ExchangeException("periodic snapshot at sequence " + sequence + " failed", error);
    }
    lastSnapshotSequence = Math.max(lastSnapshotSequence, sequence);
    pruneJournal(oldestKept);
    if (requested != null) {
      requested.complete(sequence);
    }
  }

  private void pruneJournal(OptionalLong oldestKept) {
    if (config.pruneJournal() && oldestKept.isPresent()) {
      journal.pruneThrough(oldestKept.getAsLong());
    }
  }

  /**
   * Stops after a fatal error. Runs nothing else on the broken state (queued queries and snapshot
   * requests fail instead: a snapshot now would persist the damage) and cannot throw, so every
   * waiting future and listener hears about it.
   */
  private void fail(Throwable fatal, List<Pending> batch) {
    failure = fatal;
    accepting = false;
    tasksClosed = true;
    ExchangeException stopped = stoppedException();
    for (Pending pending : batch) {
      pending.completeExceptionally(stopped);
    }
    queue.close();
    List<Pending> queued = new ArrayList<>();
    while (!queue.isDrained()) {
      queue.drainTo(queued, Integer.MAX_VALUE, true);
    }
    for (Pending pending : queued) {
      pending.completeExceptionally(stopped);
    }
    Task task;
    while ((task = tasks.poll()) != null) {
      if (task.future != null) {
        task.future.completeExceptionally(stopped);
      }
    }
    synchronized (listenersLock) {
      for (ListenerPump pump : listeners) {
        try {
          pump.detach("the runtime stopped: " + fatal);
        } catch (RuntimeException ignored) {
          // Detaching only clears a buffer and wakes a thread; keep going for the others.
        }
      }
    }
  }
}
