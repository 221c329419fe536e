package org.bourse.core;

/**
 * The runtime's source of command timestamps. The engine itself never reads a clock; the runtime
 * stamps each command once, journals the stamp, and replay reuses it. Inject a fixed or simulated
 * clock for tests and backtests.
 */
@FunctionalInterface
public interface Clock {
  /** Epoch milliseconds now. */
  long millis();

  /** The system wall clock. */
  static Clock system() {
    return System::currentTimeMillis;
  }
}
