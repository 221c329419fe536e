package org.bourse.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.bourse.core.EventDetail;
import org.junit.jupiter.api.Test;

class ThroughputTest {

  @Test
  void shouldLetTheEnginesTakeTurnsAndReportEachInTheDriversOrder() throws Exception {
    // given: three real sync engines, each recording when it is loaded
    OrderFlow flow = FlowGenerator.generate(new FlowSpec(Mix.CRYPTO, 1, 50, 50, 5_000, 7));
    List<String> loads = new ArrayList<>();
    List<EngineDriver> drivers =
        List.of(recording("a", loads), recording("b", loads), recording("c", loads));

    // when
    List<Throughput.Result> results = Throughput.measure(drivers, flow, 1, 2);

    // then: one iteration of each per round, each round starting with the next engine
    assertArrayEquals(
        new String[] {"a", "b", "c", "b", "c", "a", "c", "a", "b"}, loads.toArray(new String[0]));
    assertEquals(List.of("a", "b", "c"), results.stream().map(Throughput.Result::engine).toList());
    for (Throughput.Result r : results) {
      assertEquals(2, r.commandsPerSecond().length, r.engine());
      assertTrue(r.min() > 0, r.engine() + " measured no rate");
      assertTrue(r.consistent(), r.engine());
      assertEquals(results.get(0).counters().trades, r.counters().trades, r.engine());
    }
    assertTrue(results.get(0).counters().trades > 0, "the flow trades");
  }

  @Test
  void shouldCollectTheHeapBetweenEachLoadAndItsTimedPart() throws Exception {
    // given: a real sync engine that notes the collection count when its load ends and when its
    // timed part starts
    OrderFlow flow = FlowGenerator.generate(new FlowSpec(Mix.CRYPTO, 1, 50, 50, 5_000, 7));
    List<Long> collectionsAfterLoad = new ArrayList<>();
    List<Long> collectionsAtRun = new ArrayList<>();
    EngineDriver driver =
        recording(
            "a",
            new ArrayList<>(),
            () -> collectionsAfterLoad.add(collections()),
            () -> collectionsAtRun.add(collections()));

    // when
    Throughput.measure(List.of(driver), flow, 1, 2);

    // then: every timed part, warm-up included, started after a collection that followed its load
    assertEquals(3, collectionsAtRun.size());
    for (int i = 0; i < collectionsAtRun.size(); i++) {
      assertTrue(
          collectionsAtRun.get(i) > collectionsAfterLoad.get(i),
          "no collection between load " + i + " and its timed part");
    }
  }

  /** Collections completed so far by all of this JVM's collectors. */
  private static long collections() {
    long total = 0;
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      total += Math.max(0, collector.getCollectionCount());
    }
    return total;
  }

  /** The sync engine under another name, noting each load. */
  private static EngineDriver recording(String name, List<String> loads) {
    return recording(name, loads, () -> {}, () -> {});
  }

  /**
   * The sync engine under another name, noting each load and running {@code afterLoad} when a load
   * ends and {@code beforeRun} before each timed part.
   */
  private static EngineDriver recording(
      String name, List<String> loads, Runnable afterLoad, Runnable beforeRun) {
    BourseSyncDriver engine = new BourseSyncDriver(EventDetail.ORDERS);
    return new EngineDriver() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public void load(OrderFlow flow) throws Exception {
        loads.add(name);
        engine.load(flow);
        afterLoad.run();
      }

      @Override
      public long runAll(int from, int to) throws Exception {
        beforeRun.run();
        return engine.runAll(from, to);
      }

      @Override
      public void runScheduled(
          int from,
          int to,
          double intervalNs,
          long[] scheduledNs,
          long[] submittedNs,
          long[] completedNs)
          throws Exception {
        engine.runScheduled(from, to, intervalNs, scheduledNs, submittedNs, completedNs);
      }

      @Override
      public RunCounters counters() {
        return engine.counters();
      }

      @Override
      public void close() {
        engine.close();
      }
    };
  }
}
