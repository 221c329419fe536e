package org.bourse.core.runtime;

import java.util.List;
import java.util.function.Consumer;
import org.bourse.core.Journal;
import org.bourse.core.JournalRecord;

/** A journal that passes everything to another; tests override what they want to observe. */
abstract class ForwardingJournal implements Journal {
  final Journal journal;

  ForwardingJournal(Journal journal) {
    this.journal = journal;
  }

  @Override
  public void append(List<JournalRecord> batch) {
    journal.append(batch);
  }

  @Override
  public long lastSequence() {
    return journal.lastSequence();
  }

  @Override
  public long firstSequence() {
    return journal.firstSequence();
  }

  @Override
  public void replay(long afterSequence, Consumer<JournalRecord> consumer) {
    journal.replay(afterSequence, consumer);
  }

  @Override
  public void pruneThrough(long throughSequence) {
    journal.pruneThrough(throughSequence);
  }

  @Override
  public List<String> openReport() {
    return journal.openReport();
  }

  @Override
  public void close() {
    journal.close();
  }
}
