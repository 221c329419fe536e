package org.bourse.bench;

import java.lang.management.ManagementFactory;
import java.util.List;
import org.bourse.core.CommandResult;
import org.bourse.core.EventDetail;

/**
 * Bytes Bourse's synchronous engine allocates per command on a real flow, measured with the JVM's
 * per-thread allocation counter over the second half of the measured part (the first half warms the
 * compiler). The commands are built before the measurement, so what is counted is the engine: the
 * {@link CommandResult} it returns, the event records the event detail asks for, and anything else
 * it allocates, which should be nothing (the JMH benchmarks show the same per path).
 */
final class AllocationProbe {
  private AllocationProbe() {}

  /** Average bytes per command, and the size of one result object for comparison. */
  record Result(Mix mix, EventDetail detail, double bytesPerCommand, double resultBytes) {
    /** What is left after one result per command: event records, and anything unexpected. */
    double beyondResult() {
      return bytesPerCommand - resultBytes;
    }
  }

  static Result measure(OrderFlow flow, EventDetail detail) {
    BourseSyncDriver driver = new BourseSyncDriver(detail);
    driver.load(flow);
    int half = flow.fillCount + (flow.size - flow.fillCount) / 2;
    driver.runAll(flow.fillCount, half);
    long before = allocatedBytes();
    driver.runAll(half, flow.size);
    long bytes = allocatedBytes() - before;
    driver.close();
    return new Result(flow.spec.mix(), detail, (double) bytes / (flow.size - half), resultSize());
  }

  /** The heap size of one CommandResult without events, measured the same way. */
  static double resultSize() {
    int n = 100_000;
    CommandResult[] keep = new CommandResult[n];
    for (int round = 0; round < 3; round++) {
      long before = allocatedBytes();
      for (int i = 0; i < n; i++) {
        keep[i] = new CommandResult(i, i, i, null, null, i, null, 0, false, List.of());
      }
      long bytes = allocatedBytes() - before;
      if (round == 2) {
        return (double) bytes / n;
      }
    }
    throw new AssertionError("unreachable");
  }

  private static long allocatedBytes() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    return threads.getThreadAllocatedBytes(Thread.currentThread().getId());
  }
}
