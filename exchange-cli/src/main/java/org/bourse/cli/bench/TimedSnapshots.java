package org.bourse.cli.bench;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.bourse.core.Exchange;
import org.bourse.core.ExchangeConfig;
import org.bourse.core.SnapshotStore;

/**
 * A snapshot store that passes everything through and counts the snapshots captured and the time
 * the captures took on the engine thread: every command waiting behind a capture waits that long
 * too. Writing the captured state to disk happens on the runtime's snapshot thread and is not
 * counted here.
 *
 * <p>Only the engine thread captures; other threads read the counts, hence volatile fields with a
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
  public Capture capture(Exchange exchange) throws IOException {
    long start = System.nanoTime();
    Capture capture = store.capture(exchange);
    writeNanos += System.nanoTime() - start;
    written++;
    return capture;
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
