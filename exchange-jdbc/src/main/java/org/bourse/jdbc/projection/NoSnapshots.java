package org.bourse.jdbc.projection;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.bourse.core.Exchange;
import org.bourse.core.ExchangeConfig;
import org.bourse.core.SnapshotStore;

/** A snapshot store that holds nothing: replay then starts from an empty exchange. */
final class NoSnapshots implements SnapshotStore {
  static final NoSnapshots INSTANCE = new NoSnapshots();

  private NoSnapshots() {}

  @Override
  public Capture capture(Exchange exchange) {
    throw new UnsupportedOperationException("projections write no snapshots");
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
