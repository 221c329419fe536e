package org.bourse.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.Test;

class CollectorTest {

  @Test
  void shouldNameTheCollectorFromItsBeansNames() {
    assertEquals(
        "G1 (G1 Young Generation, G1 Old Generation)",
        Collector.describe(List.of("G1 Young Generation", "G1 Old Generation")));
    assertEquals(
        "Parallel (PS Scavenge, PS MarkSweep)",
        Collector.describe(List.of("PS Scavenge", "PS MarkSweep")));
    assertEquals(
        "Serial (Copy, MarkSweepCompact)", Collector.describe(List.of("Copy", "MarkSweepCompact")));
    assertEquals(
        "ZGC (ZGC Cycles, ZGC Pauses)", Collector.describe(List.of("ZGC Cycles", "ZGC Pauses")));
    assertEquals(
        "Shenandoah (Shenandoah Pauses, Shenandoah Cycles)",
        Collector.describe(List.of("Shenandoah Pauses", "Shenandoah Cycles")));
    assertEquals("Epsilon", Collector.describe(List.of("Epsilon")), "unknown: the names alone");
  }

  @Test
  void shouldDescribeThisJvmsCollectorByAllItsBeans() {
    // given
    List<GarbageCollectorMXBean> beans = ManagementFactory.getGarbageCollectorMXBeans();

    // when
    String text = Collector.current();

    // then
    for (GarbageCollectorMXBean bean : beans) {
      assertTrue(text.contains(bean.getName()), text);
    }
    assertTrue(text.matches("(G1|Parallel|Serial|ZGC|Shenandoah) \\(.*\\)"), text);
  }
}
