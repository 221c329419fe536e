package org.bourse.cli.bench;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.bourse.core.Exchange;
import org.bourse.core.ExchangeConfig;
import org.bourse.core.SnapshotStore;

/**
 * A snapshot store that passes everything through and counts the snapshots written and the time
 * they took. The runtime writes snapshots on its engine thread, so every command waiting behind one
 * waits that long too: a benchmark's worst latencies are often exactly this.
 *
 * <p>Only the engine thread writes; other threads read the counts, hence volatile fields with a
 * single writer rather than atomics.
 */
final class TimedSnapshots implements SnapshotStore {
  private final SnapshotStore store;
  private volatile long written;
  private volatile long writeNanos;

  TimedSnapshots(SnapshotStore store) {
    this.store = store;
  }

  long written() {
    return written;
  }

  long writeNanos() {
    return writeNanos;
  }

  @Override
  public void write(Exchange exchange) throws IOException {
    long start = System.nanoTime();
    store.write(exchange);
    writeNanos += System.nanoTime() - start;
    written++;
  }

  @Override
  public List<Long> sequences() throws IOException {
    return store.sequences();
  }

  @Override
  public Optional<Exchange> readNewest(
      ExchangeConfig config, long atMostSequence, List<String> report) throws IOException {
    return store.readNewest(config, atMostSequence, report);
  }

  @Override
  public OptionalLong retain(int keep) throws IOException {
    return store.retain(keep);
  }
}
