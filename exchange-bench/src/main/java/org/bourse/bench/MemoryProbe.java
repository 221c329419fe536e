package org.bourse.bench;

import exchange.core2.core.ExchangeApi;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;
import org.bourse.core.Command;
import org.bourse.core.EventDetail;
import org.bourse.core.Exchange;
import org.bourse.core.OrderType;
import org.bourse.core.Side;
import org.bourse.core.TimeInForce;

/**
 * Heap used by resting orders: a fresh engine with one symbol and funded users, heap measured after
 * a full collection, then {@code n} GTC orders that do not cross (bids below, asks above the price,
 * on 5,000 levels a side), and the heap measured again. The commands are built one at a time and
 * dropped, so only what the engine keeps is counted. Approximate by nature (a heap reading after
 * {@code System.gc()}), but the same method for both engines.
 */
final class MemoryProbe {
  private static final int LEVELS_PER_SIDE = 5_000;

  private MemoryProbe() {}

  /** The heap an engine holds for its resting orders. */
  record Result(String engine, long orders, long bytesBefore, long bytesAfter) {
    long bytesPerOrder() {
      return (bytesAfter - bytesBefore) / Math.max(1, orders);
    }
  }

  /** Order {@code k} of the probe: alternating sides, spread over the levels, varied sizes. */
  private static boolean buy(long k) {
    return (k & 1) == 0;
  }

  private static long price(long k) {
    long level = 1 + (k >> 1) % LEVELS_PER_SIDE;
    return buy(k) ? FlowSpec.INITIAL_PRICE_TICKS - level : FlowSpec.INITIAL_PRICE_TICKS + level;
  }

  private static long lots(long k) {
    return 1 + k % 10;
  }

  private static long user(long k, int users) {
    return 1 + k % users;
  }

  /** Bourse's engine (the runtime adds only its command queue to this). */
  static Result bourse(int orders, FlowSpec spec) {
    settle();
    Exchange exchange = Exchange.create(BourseFlow.config(EventDetail.NONE));
    for (Command command : BourseFlow.setup(spec)) {
      exchange.apply(BourseSyncDriver.TIMESTAMP_MS, command);
    }
    settle();
    long afterSetup = usedHeap();
    long id = BourseFlow.setupSize(spec) + 1L;
    for (long k = 0; k < orders; k++) {
      Command.PlaceOrder order =
          new Command.PlaceOrder(
              id++,
              user(k, spec.users()),
              1,
              null,
              buy(k) ? Side.BUY : Side.SELL,
              OrderType.LIMIT,
              TimeInForce.GTC,
              price(k),
              lots(k),
              0,
              0,
              null);
      if (!exchange.apply(BourseSyncDriver.TIMESTAMP_MS, order).accepted()) {
        throw new IllegalStateException("the memory probe's order " + k + " was refused");
      }
    }
    settle();
    long after = usedHeap();
    if (exchange.bestBidTicks(1) >= exchange.bestAskTicks(1)) {
      throw new IllegalStateException("the memory probe's book crossed");
    }
    // The engine must stay reachable until after the reading above.
    Reference.reachabilityFence(exchange);
    return new Result("Bourse", orders, afterSetup, after);
  }

  /** exchange-core with its throughput profile. */
  static Result core(int orders, FlowSpec spec, CoreSettings settings) {
    settle();
    try (CoreEngine engine = CoreEngine.setUp(settings, spec)) {
      settle();
      long afterSetup = usedHeap();
      ExchangeApi api = engine.api();
      long target = engine.tally().done + orders;
      long rejectedBefore = engine.tally().rejected;
      for (long k = 0; k < orders; k++) {
        api.submitCommand(
            CoreFlow.place(k + 1, user(k, spec.users()), 1, buy(k), price(k), lots(k), true));
      }
      engine.awaitDone(target);
      if (engine.tally().rejected != rejectedBefore) {
        throw new IllegalStateException("exchange-core refused some of the memory probe's orders");
      }
      settle();
      long after = usedHeap();
      return new Result("exchange-core", orders, afterSetup, after);
    }
  }

  private static void settle() {
    for (int i = 0; i < 3; i++) {
      System.gc();
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static long usedHeap() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    return memory.getHeapMemoryUsage().getUsed();
  }
}
