package org.bourse.bench;

import java.util.List;
import java.util.function.Consumer;
import org.bourse.core.ExchangeException;
import org.bourse.core.Journal;
import org.bourse.core.JournalRecord;

/**
 * A journal that keeps nothing: {@link #append} only checks that sequences continue without gaps
 * and remembers the last one. It lets the benchmark run {@link org.bourse.core.ExchangeRuntime}
 * without durability, to measure the runtime's queue, batching and hand-off apart from disk writes.
 * Nothing appended here survives the process, so it is only for benchmarks: a runtime on it
 * acknowledges commands that a crash would lose.
 */
final class NullJournal implements Journal {
  private long lastSequence;

  @Override
  public void append(List<JournalRecord> batch) {
    for (int i = 0; i < batch.size(); i++) {
      long sequence = batch.get(i).sequence();
      if (sequence != lastSequence + 1) {
        throw new ExchangeException("journal sequence gap: " + sequence + " after " + lastSequence);
      }
      lastSequence = sequence;
    }
  }

  @Override
  public long lastSequence() {
    return lastSequence;
  }

  @Override
  public long firstSequence() {
    return 1;
  }

  @Override
  public void replay(long afterSequence, Consumer<JournalRecord> consumer) {
    // Nothing was kept, so there is nothing to replay.
  }

  @Override
  public void pruneThrough(long throughSequence) {
    // Nothing was kept, so there is nothing to prune.
  }

  @Override
  public List<String> openReport() {
    return List.of();
  }

  @Override
  public void close() {
    // No files or connections to release.
  }
}
