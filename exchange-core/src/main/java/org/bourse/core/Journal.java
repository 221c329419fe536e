package org.bourse.core;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * The command log, the single source of truth of an exchange: state is a snapshot plus the journal
 * after it. A port with two implementations: the segmented file journal here ({@link #openFiles})
 * and a PostgreSQL journal in exchange-jdbc.
 *
 * <p><b>Thread-safety:</b> calls that change the journal ({@link #append}, {@link #pruneThrough},
 * {@link #close}) are never concurrent, but need not come from one thread: the runtime appends a
 * large batch on its journal thread and everything else on its engine thread, each call ordered
 * after the previous one (happens-before). {@link #replay} runs before the writer starts or on a
 * journal opened read-only. Implementations need not be thread-safe.
 */
public interface Journal extends AutoCloseable {

  /**
   * Opens (creating if needed) a segmented file journal in a directory, checking every record. A
   * torn tail (an incomplete or unreadable last record, left by a crash during a write that was
   * never acknowledged) is cut off and reported in {@link #openReport()}; a damaged record followed
   * by valid ones stops the open with an {@link ExchangeException} naming the file and offset.
   */
  static Journal openFiles(Path directory, FileJournalOptions options) throws IOException {
    return new FileJournal(directory, options);
  }

  /**
   * Appends a batch of records and forces it to stable storage. When this returns normally the
   * whole batch is durable; when it throws, nothing of the batch may be treated as durable and the
   * journal accepts no further appends.
   *
   * @param batch records whose sequences continue {@link #lastSequence()} without gaps
   * @throws ExchangeException if writing or forcing failed
   */
  void append(List<JournalRecord> batch);

  /** The sequence of the last durable record, 0 for an empty journal. */
  long lastSequence();

  /** The sequence of the first record still in the journal (1, or later after pruning). */
  long firstSequence();

  /**
   * Feeds the records with a sequence above {@code afterSequence}, in order, to the consumer.
   *
   * @throws ExchangeException if a record cannot be read or decoded
   */
  void replay(long afterSequence, Consumer<JournalRecord> consumer);

  /**
   * Removes whole segments (or rows) whose records all have a sequence up to {@code
   * throughSequence}; used once a snapshot covers them. May keep more than asked.
   */
  void pruneThrough(long throughSequence);

  /** What opening found and did, e.g. a truncated torn tail; empty when the journal was clean. */
  List<String> openReport();

  /** Releases files or connections. Appended records stay durable. */
  @Override
  void close();
}
