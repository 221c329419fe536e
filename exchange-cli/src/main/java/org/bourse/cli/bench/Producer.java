package org.bourse.cli.bench;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import org.bourse.core.Command;
import org.bourse.core.CommandResult;
import org.bourse.core.ExchangeRuntime;
import org.bourse.core.RejectReason;

/**
 * One producer thread of the benchmark: submits its share of the pre-generated commands, in order,
 * keeping at most a fixed number unacknowledged, as a client connection with a bounded window does.
 *
 * <p>Latency is taken from just before the first {@code submit} of a command to the completion of
 * its future, which the runtime completes once the command's batch is forced to disk and applied.
 * The completion time is read in a {@code whenComplete} action, which runs on the engine thread at
 * the moment of completion: reading it later, when this producer gets round to the future, would
 * add the producer's own delay. The action is two array stores, cheap enough not to slow the
 * engine.
 *
 * <p>A {@link RejectReason#BUSY} answer (the runtime's queue is full) is retried after waiting for
 * this producer's oldest command, and counted; its latency still runs from the first attempt, as a
 * client would see it.
 */
final class Producer implements Runnable {
  static final byte ACCEPTED = 1;
  static final byte REJECTED = 2;
  static final byte FAILED = 3;

  private final ExchangeRuntime runtime;
  private final Command[] commands;
  private final int[] indices;
  private final int window;
  private final long[] submitNanos;
  private final long[] ackNanos;
  private final byte[] outcomes;
  private final CountDownLatch start;
  private long busyRetries;
  private Throwable failure;

  /**
   * @param indices which of {@code commands} this producer submits, in this order
   * @param window the most commands in flight (submitted, not yet acknowledged)
   * @param submitNanos receives each command's submit time, at its index
   * @param ackNanos receives each command's acknowledgement time, at its index
   * @param outcomes receives {@link #ACCEPTED}, {@link #REJECTED} or {@link #FAILED}, at its index
   * @param start released when all producers may begin
   */
  Producer(
      ExchangeRuntime runtime,
      Command[] commands,
      int[] indices,
      int window,
      long[] submitNanos,
      long[] ackNanos,
      byte[] outcomes,
      CountDownLatch start) {
    this.runtime = runtime;
    this.commands = commands;
    this.indices = indices;
    this.window = window;
    this.submitNanos = submitNanos;
    this.ackNanos = ackNanos;
    this.outcomes = outcomes;
    this.start = start;
  }

  /** BUSY answers retried; read after the thread has ended. */
  long busyRetries() {
    return busyRetries;
  }

  /** Why the runtime failed a command, or null; read after the thread has ended. */
  Throwable failure() {
    return failure;
  }

  @Override
  public void run() {
    ArrayDeque<CompletableFuture<?>> inFlight = new ArrayDeque<>(window);
    try {
      start.await();
      for (int index : indices) {
        while (inFlight.size() >= window) {
          inFlight.poll().join();
        }
        submitNanos[index] = System.nanoTime();
        CompletableFuture<CommandResult> future = submit(commands[index], inFlight);
        inFlight.add(future.whenComplete((result, thrown) -> acknowledged(index, result)));
      }
      while (!inFlight.isEmpty()) {
        inFlight.poll().join();
      }
    } catch (CompletionException failed) {
      failure = failed.getCause();
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      failure = interrupted;
    }
  }

  private CompletableFuture<CommandResult> submit(
      Command command, ArrayDeque<CompletableFuture<?>> inFlight) {
    while (true) {
      CompletableFuture<CommandResult> future = runtime.submit(command);
      CommandResult refused = future.getNow(null);
      if (refused == null
          || refused.sequence() != 0
          || refused.rejectReason() != RejectReason.BUSY) {
        return future;
      }
      busyRetries++;
      // Our oldest command leaving the queue makes room; with none in flight, just yield.
      CompletableFuture<?> oldest = inFlight.poll();
      if (oldest != null) {
        oldest.join();
      } else {
        Thread.yield();
      }
    }
  }

  /** Runs on the engine thread as the command's future completes; see the class comment. */
  private void acknowledged(int index, CommandResult result) {
    ackNanos[index] = System.nanoTime();
    outcomes[index] = result == null ? FAILED : result.accepted() ? ACCEPTED : REJECTED;
  }
}
