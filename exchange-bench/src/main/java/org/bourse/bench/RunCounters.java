package org.bourse.bench;

import java.util.Map;
import java.util.TreeMap;

/**
 * What one engine reported over a measured range of commands: how many were refused and why, how
 * many trades they made, and whether Bourse's order ids matched the flow's handles. Only the thread
 * that runs or reaps the engine's results writes it; readers look after the run.
 */
final class RunCounters {
  long commands;
  long rejected;
  long trades;

  /** Bourse only: accepted places whose order id was not the flow's handle (should be 0). */
  long idMismatches;

  /** Rejections by the engine's own reason name. */
  final Map<String, Long> reasons = new TreeMap<>();

  void reject(String reason) {
    rejected++;
    reasons.merge(reason, 1L, Long::sum);
  }

  /** The same counts summed with another run's. */
  void add(RunCounters other) {
    commands += other.commands;
    rejected += other.rejected;
    trades += other.trades;
    idMismatches += other.idMismatches;
    other.reasons.forEach((k, v) -> reasons.merge(k, v, Long::sum));
  }

  /** E.g. "12 (UNKNOWN_ORDER 12)" or "0". */
  String rejectSummary() {
    if (rejected == 0) {
      return "0";
    }
    StringBuilder sb = new StringBuilder().append(rejected).append(" (");
    boolean first = true;
    for (Map.Entry<String, Long> e : reasons.entrySet()) {
      sb.append(first ? "" : ", ").append(e.getKey()).append(' ').append(e.getValue());
      first = false;
    }
    return sb.append(')').toString();
  }
}
