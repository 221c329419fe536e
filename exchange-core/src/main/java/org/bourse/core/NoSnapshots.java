package org.bourse.core;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** {@link SnapshotStore#none()}. */
final class NoSnapshots implements SnapshotStore {
  static final NoSnapshots INSTANCE = new NoSnapshots();

  private NoSnapshots() {}

  @Override
  public Capture capture(Exchange exchange) {
    throw new UnsupportedOperationException("this store holds no snapshots and writes none");
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
