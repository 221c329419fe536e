package org.bourse.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * Which garbage collector this JVM runs, for the report. Both engines run in the same JVM, so they
 * share it, but it weighs on them unevenly: G1's write barrier runs on every reference the engine
 * stores into its long-lived book (orders linked into levels and users, index slots), and on the
 * 2-vCPU development machine both engines ran up to 1.7 times as fast under the Parallel collector
 * as under G1, by flow, in full runs minutes apart (the exchange-bench README has the figures). A
 * report must therefore say which collector it was measured under.
 */
final class Collector {
  private Collector() {}

  /** This JVM's collector: a short name followed by its collectors' own names. */
  static String current() {
    List<String> names = new ArrayList<>();
    for (GarbageCollectorMXBean bean : ManagementFactory.getGarbageCollectorMXBeans()) {
      names.add(bean.getName());
    }
    return describe(names);
  }

  /**
   * The short name of the collector whose {@code GarbageCollectorMXBean}s have these names (G1,
   * Parallel, Serial, ZGC, Shenandoah), followed by the names themselves; just the names when they
   * belong to none of those.
   */
  static String describe(List<String> beanNames) {
    String joined = String.join(", ", beanNames);
    String shortName = shortName(joined);
    return shortName == null ? joined : shortName + " (" + joined + ")";
  }

  private static String shortName(String beanNames) {
    if (beanNames.contains("G1 ")) {
      return "G1";
    }
    if (beanNames.contains("PS Scavenge") || beanNames.contains("PS MarkSweep")) {
      return "Parallel";
    }
    if (beanNames.contains("MarkSweepCompact")) {
      return "Serial";
    }
    if (beanNames.contains("ZGC")) {
      return "ZGC";
    }
    if (beanNames.contains("Shenandoah")) {
      return "Shenandoah";
    }
    return null;
  }
}
