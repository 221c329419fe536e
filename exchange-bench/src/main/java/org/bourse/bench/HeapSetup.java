package org.bourse.bench;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Locale;

/**
 * How this JVM's heap is set up, for the report: whether it is fixed (initial size equal to the
 * maximum, {@code -Xms} = {@code -Xmx}) and pre-touched ({@code -XX:+AlwaysPreTouch}). A heap that
 * is not both costs page faults whenever the JVM first touches a region of it (the kernel clears
 * each page then: {@code clear_page} was 10–13% of the synchronous engine's profile), so it slows
 * whichever engine happens to grow the heap, unevenly: exchange-core's throughput went from about
 * 2.7 to 3.6–5.0 million commands/s with {@code -Xms4g -Xmx4g -XX:+AlwaysPreTouch} on the 2-vCPU
 * development machine.
 *
 * @param initialBytes the initial heap size
 * @param maxBytes the maximum heap size
 * @param preTouch whether the JVM touches every heap page at start
 * @param source where the figures come from, for the report
 */
record HeapSetup(long initialBytes, long maxBytes, boolean preTouch, String source) {

  static final String WARNING =
      "heap not fixed and pre-touched: page faults on first touch of heap regions slow both"
          + " engines, unevenly; rerun with -Xms4g -Xmx4g -XX:+AlwaysPreTouch";

  /**
   * This JVM's setup: HotSpot's own flags where the JVM has them, since they also count options
   * given through {@code JAVA_TOOL_OPTIONS} or a flags file; otherwise the heap's initial and
   * maximum sizes ({@code MemoryMXBean}) and the last {@code AlwaysPreTouch} among the arguments.
   */
  static HeapSetup current() {
    HotSpotDiagnosticMXBean hotSpot =
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    if (hotSpot != null) {
      try {
        return new HeapSetup(
            Long.parseLong(hotSpot.getVMOption("InitialHeapSize").getValue()),
            Long.parseLong(hotSpot.getVMOption("MaxHeapSize").getValue()),
            Boolean.parseBoolean(hotSpot.getVMOption("AlwaysPreTouch").getValue()),
            "HotSpot flags InitialHeapSize, MaxHeapSize, AlwaysPreTouch");
      } catch (IllegalArgumentException e) {
        // Not HotSpot's flags after all: fall back to the portable view below.
      }
    }
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    return new HeapSetup(
        heap.getInit(),
        heap.getMax(),
        preTouchIn(ManagementFactory.getRuntimeMXBean().getInputArguments()),
        "MemoryMXBean heap init and max, JVM arguments");
  }

  /** Whether the last {@code AlwaysPreTouch} option among JVM arguments turns it on. */
  static boolean preTouchIn(List<String> jvmArguments) {
    boolean on = false;
    for (String argument : jvmArguments) {
      if (argument.equals("-XX:+AlwaysPreTouch")) {
        on = true;
      } else if (argument.equals("-XX:-AlwaysPreTouch")) {
        on = false;
      }
    }
    return on;
  }

  /** Initial heap equal to the maximum: the JVM never grows the heap into untouched memory. */
  boolean fixed() {
    return initialBytes > 0 && initialBytes == maxBytes;
  }

  /** Fixed and pre-touched: no page faults on the heap after start. */
  boolean ready() {
    return fixed() && preTouch;
  }

  /** For the report's settings table. */
  String describe() {
    return String.format(
        Locale.ROOT,
        "initial %,d MiB, max %,d MiB: %s; AlwaysPreTouch %s (from %s)",
        initialBytes >> 20,
        maxBytes >> 20,
        fixed() ? "fixed (-Xms = -Xmx)" : "not fixed (-Xms below -Xmx, or unset)",
        preTouch ? "on" : "off",
        source);
  }
}
