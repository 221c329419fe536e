package org.bourse.cli.bench;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * The outcome of one durable benchmark run, printed as a few lines of context and a markdown table
 * with one row, so that rows of several runs can be pasted under one header (as the README does).
 *
 * @param elapsedNanos from releasing the producers to the last acknowledgement
 * @param during what the journal, snapshots and collectors did meanwhile; the journal forces once
 *     per batch (group commit), plus once per new segment
 * @param rejected flow commands the engine rejected (the flow's stale cancels and the like)
 * @param busyRetries submits refused because the runtime's queue was full, then retried
 */
record DurableReport(
    DurableBench.Settings settings,
    int setupCommands,
    long elapsedNanos,
    Latencies latencies,
    Activity during,
    long rejected,
    long busyRetries,
    long stateHash) {

  static final List<String> COLUMNS =
      List.of(
          "producers",
          "commands",
          "seconds",
          "commands/s",
          "fsyncs",
          "commands/fsync",
          "p50 ms",
          "p90 ms",
          "p99 ms",
          "p99.9 ms",
          "max ms");

  /**
   * @param data where the data directory was, and what becomes of it
   */
  void print(PrintWriter out, String data) {
    int commands = settings.commands();
    out.printf(
        Locale.ROOT,
        "bench durable: %,d commands of the simulate order flow (seed %d, %,d users),"
            + " each journaled with fsync before it is acknowledged%n",
        commands,
        settings.seed(),
        settings.users());
    out.printf(Locale.ROOT, "  data        %s%n", data);
    out.printf(
        Locale.ROOT,
        "  runtime     batches of up to %,d, a snapshot every %s%n",
        settings.batch(),
        settings.snapshotEvery() == 0
            ? "close only"
            : String.format(Locale.ROOT, "%,d commands", settings.snapshotEvery()));
    out.printf(
        Locale.ROOT,
        "  producers   %d, each with up to %,d commands in flight%n",
        settings.producers(),
        settings.window());
    out.printf(Locale.ROOT, "  setup       %,d commands, not timed%n", setupCommands);
    out.printf(
        Locale.ROOT, "  warm-up     %,d commands of the flow, not timed%n", settings.warmup());
    out.println();
    table(out);
    out.println();
    out.printf(
        Locale.ROOT,
        "latency: submit to acknowledgement (journaled, forced, applied); exact percentiles of all"
            + " %,d commands%n",
        latencies.count());
    out.printf(
        Locale.ROOT,
        "journal     %,d bytes written, %.1f bytes/command; fsyncs took %.3f s, %.3f ms each%n",
        during.journalBytes(),
        (double) during.journalBytes() / commands,
        during.forceNanos() / 1e9,
        during.forces() == 0 ? 0 : during.forceNanos() / 1e6 / during.forces());
    out.printf(
        Locale.ROOT,
        "snapshots   %d during the run, %.3f s on the engine thread%n",
        during.snapshots(),
        during.snapshotNanos() / 1e9);
    out.printf(
        Locale.ROOT,
        "gc          %,d collections during the run, %.3f s%n",
        during.collections(),
        during.collectionMillis() / 1e3);
    out.printf(
        Locale.ROOT,
        "outcomes    %,d accepted, %,d rejected by the engine; %,d BUSY retries%n",
        commands - rejected,
        rejected,
        busyRetries);
    out.printf(Locale.ROOT, "state hash  %016x%n", stateHash);
    out.println("ledger invariants: OK");
    out.flush();
  }

  /** Doubles only for display: rates and milliseconds are never added up. */
  List<String> row() {
    double seconds = elapsedNanos / 1e9;
    return List.of(
        String.format(Locale.ROOT, "%d", settings.producers()),
        String.format(Locale.ROOT, "%,d", settings.commands()),
        String.format(Locale.ROOT, "%.3f", seconds),
        String.format(Locale.ROOT, "%,.0f", settings.commands() / seconds),
        String.format(Locale.ROOT, "%,d", during.forces()),
        during.forces() == 0
            ? "-"
            : String.format(Locale.ROOT, "%,.1f", (double) settings.commands() / during.forces()),
        millis(latencies.percentileNanos(Latencies.P50)),
        millis(latencies.percentileNanos(Latencies.P90)),
        millis(latencies.percentileNanos(Latencies.P99)),
        millis(latencies.percentileNanos(Latencies.P99_9)),
        millis(latencies.maxNanos()));
  }

  private void table(PrintWriter out) {
    List<String> row = row();
    int[] widths = new int[COLUMNS.size()];
    for (int i = 0; i < widths.length; i++) {
      widths[i] = Math.max(COLUMNS.get(i).length(), row.get(i).length());
    }
    out.println(line(COLUMNS, widths));
    StringBuilder rule = new StringBuilder("|");
    for (int width : widths) {
      rule.append("-".repeat(width + 1)).append(":|");
    }
    out.println(rule);
    out.println(line(row, widths));
  }

  /** Cells right-aligned, as numbers read best. */
  private static String line(List<String> cells, int[] widths) {
    StringBuilder line = new StringBuilder("|");
    for (int i = 0; i < cells.size(); i++) {
      line.append(' ').append(" ".repeat(widths[i] - cells.get(i).length()));
      line.append(cells.get(i)).append(" |");
    }
    return line.toString();
  }

  private static String millis(long nanos) {
    return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
  }
}
