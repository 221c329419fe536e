package org.bourse.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bourse.core.Depth;
import org.bourse.core.EventDetail;
import org.junit.jupiter.api.Test;

class FlowGeneratorTest {

  @Test
  void shouldGenerateTheSameFlowForTheSameSeed() {
    // given
    FlowSpec spec = new FlowSpec(Mix.CRYPTO, 3, 100, 100, 20_000, 5L);

    // when
    OrderFlow a = FlowGenerator.generate(spec);
    OrderFlow b = FlowGenerator.generate(spec);

    // then
    assertEquals(a.size, b.size);
    assertArrayEquals(a.kind, b.kind);
    assertArrayEquals(a.handle, b.handle);
    assertArrayEquals(a.price, b.price);
    assertArrayEquals(a.lots, b.lots);
    assertArrayEquals(a.tape, b.tape);
  }

  @Test
  void shouldKeepTheCryptoMixProportions() {
    // given
    OrderFlow flow = FlowGenerator.generate(new FlowSpec(Mix.CRYPTO, 1, 500, 1_000, 200_000, 9L));

    // when
    int n = flow.size - flow.fillCount;
    double gtc = share(flow, OrderFlow.GTC, n);
    double cancel = share(flow, OrderFlow.CANCEL, n);
    double ioc = share(flow, OrderFlow.IOC, n);

    // then: reductions that would empty an order become cancels, so cancels run a little high
    assertEquals(0.45, gtc, 0.02);
    assertEquals(0.41, cancel, 0.02);
    assertEquals(0.05, ioc, 0.01);
  }

  @Test
  void shouldMostlyMoveOldOrdersInTheExchangeCoreMix() {
    // given
    OrderFlow flow =
        FlowGenerator.generate(new FlowSpec(Mix.EXCHANGE_CORE, 1, 500, 1_000, 100_000, 9L));

    // when
    double moves = share(flow, OrderFlow.MOVE, flow.size - flow.fillCount);

    // then
    assertTrue(moves > 0.6, "moves: " + moves);
  }

  @Test
  void shouldKeepTheBookNearItsTargetAndEveryOrderIdPredicted() {
    // given
    OrderFlow flow = FlowGenerator.generate(new FlowSpec(Mix.CRYPTO, 1, 500, 1_000, 100_000, 3L));
    BourseSyncDriver driver = new BourseSyncDriver(EventDetail.ORDERS);
    driver.load(flow);

    // when
    driver.runAll(flow.fillCount, flow.size);

    // then
    RunCounters c = driver.counters();
    assertEquals(0, c.rejected, c.rejectSummary());
    assertEquals(0, c.idMismatches);
    Depth depth = driver.exchange().depth(1, Integer.MAX_VALUE);
    int resting =
        depth.bids().stream().mapToInt(Depth.Level::orders).sum()
            + depth.asks().stream().mapToInt(Depth.Level::orders).sum();
    assertTrue(resting > 500 && resting < 1_500, "resting orders: " + resting);
    driver.exchange().verify();
  }

  private static double share(OrderFlow flow, byte kind, int n) {
    return (double) flow.count(kind, flow.fillCount, flow.size) / n;
  }
}
