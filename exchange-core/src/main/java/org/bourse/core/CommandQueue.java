package org.bourse.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;

/**
 * The runtime's bounded hand-off from any number of submitting threads to the one engine thread: a
 * ring of slots claimed with one compare-and-set on the tail, without locks and without a node per
 * element.
 *
 * <p>Why not {@code ArrayBlockingQueue}: every offer and every drain there takes the same lock and
 * signals a condition, and a thread waiting for the lock parks, so at a few hundred thousand
 * commands a second the hand-off, not the engine, set the pace and the wake-ups set the latency.
 *
 * <p>Closing is part of the tail: {@link #close} sets a bit in it, after which no producer can
 * claim a slot, so every element claimed before is still drained ({@link #drainTo} waits for slots
 * claimed but not yet written) and none can arrive after the consumer saw the queue closed and
 * empty.
 *
 * <p><b>Thread-safety:</b> {@link #offer} and {@link #close} from any thread; {@link #isClosed}
 * from any thread; {@link #drainTo}, {@link #backlog}, {@link #isEmpty} and {@link #isDrained} from
 * the consumer thread only.
 */
final class CommandQueue<E> {
  /** Outcome of {@link #offer}. */
  enum Offer {
    ADDED,
    FULL,
    CLOSED
  }

  private static final long CLOSED_BIT = 1L << 62;
  private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Object[].class);
  private static final VarHandle TAIL;
  private static final VarHandle HEAD;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      TAIL = lookup.findVarHandle(CommandQueue.class, "tail", long.class);
      HEAD = lookup.findVarHandle(CommandQueue.class, "head", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Object[] slots;
  private final int mask;
  private final int capacity;

  /** The next index to claim, plus {@link #CLOSED_BIT} once closed; written by producers. */
  @SuppressWarnings("unused") // accessed through TAIL
  private volatile long tail;

  /** The next index to take; written by the consumer only. */
  @SuppressWarnings("unused") // accessed through HEAD
  private volatile long head;

  CommandQueue(int capacity) {
    if (capacity < 1 || capacity > 1 << 30) {
      throw new IllegalArgumentException("capacity must be 1..2^30, was " + capacity);
    }
    this.capacity = capacity;
    this.slots = new Object[Integer.highestOneBit(capacity * 2 - 1)];
    this.mask = slots.length - 1;
  }

  /** Adds at the tail unless the queue holds {@code capacity} elements or is closed. */
  Offer offer(E element) {
    long t;
    do {
      t = (long) TAIL.getVolatile(this);
      if ((t & CLOSED_BIT) != 0) {
        return Offer.CLOSED;
      }
      if (t - (long) HEAD.getVolatile(this) >= capacity) {
        return Offer.FULL;
      }
    } while (!TAIL.compareAndSet(this, t, t + 1));
    SLOTS.setRelease(slots, (int) t & mask, element);
    return Offer.ADDED;
  }

  /** Stops all further offers; idempotent. */
  void close() {
    long t;
    do {
      t = (long) TAIL.getVolatile(this);
    } while ((t & CLOSED_BIT) == 0 && !TAIL.compareAndSet(this, t, t | CLOSED_BIT));
  }

  /** Whether no element was claimed beyond those taken (one may be claimed but not yet written). */
  boolean isEmpty() {
    return ((long) TAIL.getVolatile(this) & ~CLOSED_BIT) == (long) HEAD.getVolatile(this);
  }

  boolean isClosed() {
    return ((long) TAIL.getVolatile(this) & CLOSED_BIT) != 0;
  }

  /** How many elements are claimed and not yet taken (some may not be written yet). */
  int backlog() {
    long t = (long) TAIL.getVolatile(this) & ~CLOSED_BIT;
    return (int) (t - (long) HEAD.getVolatile(this));
  }

  /** Whether the queue is closed and everything claimed before has been taken. */
  boolean isDrained() {
    long t = (long) TAIL.getVolatile(this);
    return (t & CLOSED_BIT) != 0 && (t & ~CLOSED_BIT) == (long) HEAD.getVolatile(this);
  }

  /**
   * Moves up to {@code max} elements, oldest first, into {@code target}. Stops at a slot that is
   * claimed but not yet written unless {@code waitForClaimed}, in which case it waits for it (the
   * producer is between its claim and its write, a few instructions).
   *
   * @return how many elements were moved
   */
  @SuppressWarnings("unchecked")
  int drainTo(List<? super E> target, int max, boolean waitForClaimed) {
    long h = (long) HEAD.getVolatile(this);
    long end = (long) TAIL.getVolatile(this) & ~CLOSED_BIT;
    int n = 0;
    while (n < max && h < end) {
      int index = (int) h & mask;
      Object element = SLOTS.getAcquire(slots, index);
      if (element == null) {
        if (!waitForClaimed) {
          break;
        }
        Thread.onSpinWait();
        continue;
      }
      SLOTS.setOpaque(slots, index, null);
      target.add((E) element);
      h++;
      n++;
    }
    if (n > 0) {
      // Release: the cleared slots are seen as free before the new head lets producers reuse them.
      HEAD.setVolatile(this, h);
    }
    return n;
  }
}
