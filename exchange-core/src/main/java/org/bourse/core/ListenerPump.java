package org.bourse.core;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Feeds one {@link EventListener} from a bounded buffer on its own thread, so the engine thread
 * only ever does a non-blocking offer. Overflow or an exception from the listener detaches it (the
 * policy documented on {@link EventListener}).
 */
final class ListenerPump {
  private static final CommandResult END = CommandResult.rejectedAtEdge(null, "end");

  private final EventListener listener;
  private final BlockingQueue<CommandResult> buffer;
  private final List<ListenerPump> registry;
  private final Thread thread;
  private volatile boolean detached;
  private boolean finished;
  private volatile String detachReason;
  private long lastDelivered;

  ListenerPump(EventListener listener, int capacity, List<ListenerPump> registry) {
    this.listener = listener;
    this.buffer = new ArrayBlockingQueue<>(capacity);
    this.registry = registry;
    this.thread = new Thread(this::run, "bourse-listener");
    thread.setDaemon(true);
    thread.start();
  }

  /** Called on the engine thread with a batch of results in sequence order. */
  void offer(CommandResult[] results) {
    if (detached) {
      return;
    }
    for (CommandResult result : results) {
      if (!buffer.offer(result)) {
        detach(
            "its buffer of " + (buffer.size() + buffer.remainingCapacity()) + " results is full");
        return;
      }
    }
  }

  void detach(String reason) {
    if (!detached) {
      detachReason = reason;
      detached = true;
      registry.remove(this);
      buffer.clear();
      buffer.offer(END);
    }
  }

  /**
   * Lets the listener take what is buffered, then ends its thread. A listener still stuck after 30
   * seconds is detached so that closing the runtime cannot hang on it.
   */
  void finish() {
    if (!detached && !finished) {
      finished = true;
      try {
        if (!buffer.offer(END, 30, TimeUnit.SECONDS)) {
          detach("it did not take its last results within 30 seconds of close");
        }
        thread.join(TimeUnit.SECONDS.toMillis(30));
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void run() {
    try {
      while (true) {
        CommandResult result = buffer.take();
        if (result == END) {
          break;
        }
        try {
          listener.onResult(result);
          lastDelivered = result.sequence();
        } catch (RuntimeException thrown) {
          detach("it threw " + thrown);
          break;
        }
      }
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
    }
    if (detached) {
      try {
        listener.onDetached(lastDelivered, detachReason);
      } catch (RuntimeException ignored) {
        // The listener is already detached; there is nobody left to tell.
      }
    }
  }
}
