package org.bourse.bench;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.bourse.core.Exchange;
import org.bourse.core.ExchangeConfig;
import org.bourse.core.SnapshotStore;

/**
 * A snapshot store that writes nothing and has nothing to read, the companion of {@link
 * NullJournal}: the runtime's periodic and closing snapshots cost nothing, so a run without a
 * journal measures the runtime alone.
 */
final class NullSnapshotStore implements SnapshotStore {

  @Override
  public Capture capture(Exchange exchange) {
    return () -> {};
  }

  @Override
  public List<Long> sequences() {
    return List.of();
  }

  @Override
  public Optional<Exchange> readNewest(
      ExchangeConfig config, long atMostSequence, List<String> report) {
    return Optional.empty();
  }

  @Override
  public OptionalLong retain(int keep) {
    return OptionalLong.empty();
  }
}
