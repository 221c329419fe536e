package org.bourse.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.bourse.core.Command;
import org.bourse.core.CommandResult;
import org.bourse.core.Exchange;
import org.bourse.core.ExchangeException;
import org.bourse.core.ExchangeRuntime;
import org.bourse.core.FileJournalOptions;
import org.bourse.core.Journal;
import org.bourse.core.JournalRecord;
import org.bourse.core.RuntimeConfig;
import org.bourse.core.SnapshotStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Storage faults: torn tails, bit flips and failing writes or forces, injected through the
 * journal's {@link org.bourse.core.FileJournalOptions.ChannelOpener} ({@link FaultyChannels}) or
 * applied to the files between runs. {@code -Dfaults.flips} sets the number of bit-flip trials
 * (default 3,000).
 */
class StorageFaultTest {
  private static final long T0 = 1_700_000_000_000L;

  @TempDir Path directory;

  // -------------------------------------------------------------------------------------------
  // (a) Torn tails

  @Test
  void shouldRecoverToTheLastCompleteRecordWhenTheLastSegmentIsCutAnywhere() throws IOException {
    // given: a journal over several segments
    List<JournalRecord> written = writeJournal(directory, 400, new Random(1));
    JournalLayout layout = JournalLayout.of(directory);
    JournalLayout.Segment last = layout.last();
    long firstOfLast = written.size() - last.recordStarts().size() + 1;
    Random random = new Random(2);
    List<Integer> cuts = new ArrayList<>(List.of(0, 1, JournalLayout.HEADER_BYTES));
    for (int i = 0; i < last.recordStarts().size(); i++) {
      cuts.add(last.recordEnd(i));
      cuts.add(last.recordEnd(i) - 1);
    }
    while (cuts.size() < 300) {
      cuts.add(random.nextInt(last.bytes().length));
    }

    for (int cut : cuts) {
      layout.restore();
      truncate(last.file(), cut);
      int complete = 0;
      boolean atBoundary = cut == JournalLayout.HEADER_BYTES;
      for (int i = 0; i < last.recordStarts().size(); i++) {
        if (last.recordEnd(i) <= cut) {
          complete++;
          atBoundary |= last.recordEnd(i) == cut;
        }
      }
      long expectedLast = firstOfLast - 1 + complete;

      // when
      List<String> report;
      List<JournalRecord> recovered = new ArrayList<>();
      try (Journal journal = Journal.openFiles(directory, Journals.SMALL_SEGMENTS)) {
        report = journal.openReport();
        journal.replay(0, recovered::add);
        // then the journal takes appends again right after the last complete record
        journal.append(List.of(extra(expectedLast + 1)));
      }

      // then
      String at = "cut at " + cut + " of " + last.bytes().length + ": " + report;
      assertEquals(written.subList(0, (int) expectedLast), recovered, at);
      assertEquals(!atBoundary, report.toString().contains("torn tail"), at);
      List<JournalRecord> continued = new ArrayList<>(written.subList(0, (int) expectedLast));
      continued.add(extra(expectedLast + 1));
      assertEquals(continued, Journals.readAll(directory), at);
    }
  }

  @Test
  void shouldRecoverEveryAcknowledgedRecordAfterACrashInTheMiddleOfAWrite() throws IOException {
    Random random = new Random(3);
    int tornTails = 0;
    for (int trial = 0; trial < 60; trial++) {
      // given: a journal whose process dies after a random number of written bytes
      Path trialDirectory = directory.resolve("trial-" + trial);
      FaultyChannels channels = new FaultyChannels();
      List<JournalRecord> records = records(300, trial);
      List<JournalRecord> acknowledged = new ArrayList<>();
      try (Journal journal =
          Journal.openFiles(trialDirectory, Journals.SMALL_SEGMENTS.withChannels(channels))) {
        channels.crashAfterWriting(random.nextInt(20_000));

        // when
        int next = 0;
        while (next < records.size()) {
          List<JournalRecord> batch =
              records.subList(next, Math.min(records.size(), next + 1 + random.nextInt(12)));
          try {
            journal.append(batch);
          } catch (ExchangeException crashed) {
            break;
          }
          acknowledged.addAll(batch);
          next += batch.size();
        }
      }
      List<String> report;
      List<JournalRecord> recovered = new ArrayList<>();
      try (Journal reopened = Journal.openFiles(trialDirectory, Journals.SMALL_SEGMENTS)) {
        report = reopened.openReport();
        reopened.replay(0, recovered::add);
      }

      // then: every acknowledged record is back, and nothing but a prefix of what was written
      String at = "trial " + trial + ": " + report;
      assertTrue(recovered.size() >= acknowledged.size(), at);
      assertEquals(records.subList(0, recovered.size()), recovered, at);
      assertTrue(channels.crashed() || acknowledged.size() == records.size(), at);
      tornTails += report.toString().contains("torn tail") ? 1 : 0;
    }
    // Most cuts fall inside a record; the test must have met such torn tails.
    assertTrue(tornTails > 30, "only " + tornTails + " torn tails in 60 crashes");
  }

  // -------------------------------------------------------------------------------------------
  // (b) Bit flips

  @Test
  void shouldStopOpeningAtEveryBitFlipBeforeTheLastRecordNamingFileAndOffset() throws IOException {
    // given
    List<JournalRecord> written = writeJournal(directory, 400, new Random(4));
    JournalLayout layout = JournalLayout.of(directory);
    JournalLayout.Segment last = layout.last();
    int lastRecordStart = last.recordStarts().get(last.recordStarts().size() - 1);
    int totalBytes = 0;
    for (JournalLayout.Segment segment : layout.segments) {
      totalBytes += segment.bytes().length;
    }
    Random random = new Random(5);
    int trials = Integer.getInteger("faults.flips", 3_000);
    int silentTruncations = 0;
    int undetected = 0;

    for (int trial = 0; trial < trials; trial++) {
      // Any bit of any segment, except the last record, which a torn write may legitimately hit.
      JournalLayout.Segment segment;
      int offset;
      do {
        int global = random.nextInt(totalBytes);
        int index = 0;
        while (global >= layout.segments.get(index).bytes().length) {
          global -= layout.segments.get(index).bytes().length;
          index++;
        }
        segment = layout.segments.get(index);
        offset = global;
      } while (segment == last && offset >= lastRecordStart);
      int bit = random.nextInt(8);
      flip(segment.file(), offset, bit);

      // when
      ExchangeException error = null;
      long lastSequence = -1;
      try (Journal journal = Journal.openFiles(directory, Journals.SMALL_SEGMENTS)) {
        lastSequence = journal.lastSequence();
      } catch (ExchangeException expected) {
        error = expected;
      }

      // then
      if (error == null) {
        undetected++;
        if (lastSequence < written.size()) {
          silentTruncations++;
        }
        layout.restore();
        continue;
      }
      int recordStart = segment.recordStartAt(offset);
      long reported = recordStart >= 0 ? recordStart : offset / 8 * 8;
      String message = error.getMessage();
      String at = "bit " + bit + " of byte " + offset + " in " + segment.file() + ": " + message;
      assertTrue(message.contains(segment.file().getFileName().toString()), at);
      assertTrue(message.contains("offset " + reported + ":"), at);
      flip(segment.file(), offset, bit);
    }
    assertEquals(0, silentTruncations, "bit flips that lost records silently");
    assertEquals(0, undetected, "bit flips that opening did not notice");
  }

  @Test
  void shouldTreatABitFlipInTheLastRecordAsATornTail() throws IOException {
    // given
    List<JournalRecord> written = writeJournal(directory, 200, new Random(6));
    JournalLayout layout = JournalLayout.of(directory);
    JournalLayout.Segment last = layout.last();
    int lastIndex = last.recordStarts().size() - 1;
    int start = last.recordStarts().get(lastIndex);
    Random random = new Random(7);

    for (int trial = 0; trial < 200; trial++) {
      layout.restore();
      int offset = start + random.nextInt(last.recordEnd(lastIndex) - start);
      flip(last.file(), offset, random.nextInt(8));

      // when
      List<String> report;
      List<JournalRecord> recovered = new ArrayList<>();
      try (Journal journal = Journal.openFiles(directory, Journals.SMALL_SEGMENTS)) {
        report = journal.openReport();
        journal.replay(0, recovered::add);
      }

      // then
      String at = "byte " + offset + ": " + report;
      assertTrue(report.toString().contains("torn tail"), at);
      assertTrue(report.toString().contains("offset " + start), at);
      assertEquals(written.subList(0, written.size() - 1), recovered, at);
    }
  }

  // -------------------------------------------------------------------------------------------
  // Damaged snapshots

  /** Ways a snapshot file can be damaged. */
  enum SnapshotDamage {
    BIT_FLIP,
    CUT_IN_HALF,
    EMPTY
  }

  @ParameterizedTest
  @EnumSource(SnapshotDamage.class)
  void shouldRecoverFromTheOlderSnapshotWhenTheNewestIsDamaged(SnapshotDamage damage)
      throws Exception {
    // given: a runtime with periodic snapshots and journal pruning, closed after a flow
    RuntimeConfig config =
        RuntimeConfig.defaults()
            .withExchange(SeededFlow.SMALL_BOUNDS)
            .withSnapshotEvery(100)
            .withClock(() -> T0);
    List<Command> commands = new ArrayList<>(SeededFlow.setup(20));
    SeededFlow flow = SeededFlow.ofSeed(10);
    while (commands.size() < 800) {
      commands.add(flow.next());
    }
    long expectedHash;
    try (ExchangeRuntime runtime = startOn(directory, config)) {
      for (int chunk = 0; chunk < commands.size(); chunk += 50) {
        List<CompletableFuture<CommandResult>> futures = new ArrayList<>();
        for (Command command : commands.subList(chunk, chunk + 50)) {
          futures.add(runtime.submit(command));
        }
        futures.forEach(CompletableFuture::join);
      }
      expectedHash = runtime.query(Exchange::stateHash).join();
    }
    List<Path> snapshots = SnapshotFiles.oldestFirst(directory.resolve("snapshots"));
    assertEquals(2, snapshots.size(), snapshots::toString);
    Path newest = snapshots.get(1);
    damage(newest, damage);

    // when
    try (ExchangeRuntime restarted = startOn(directory, config)) {
      // then: the older snapshot and the journal after it (not pruned) rebuild the same state
      String report = restarted.recoveryReport().toString();
      assertTrue(report.contains("skipped damaged snapshot"), report);
      assertTrue(report.contains(newest.getFileName().toString()), report);
      assertEquals(commands.size(), restarted.lastSequence(), report);
      assertEquals(expectedHash, (long) restarted.query(Exchange::stateHash).join(), report);
    }
  }

  private static ExchangeRuntime startOn(Path data, RuntimeConfig config) throws IOException {
    return ExchangeRuntime.start(
        config,
        Journal.openFiles(data.resolve("journal"), Journals.SMALL_SEGMENTS),
        SnapshotStore.inDirectory(data.resolve("snapshots")));
  }

  private static void damage(Path snapshot, SnapshotDamage damage) throws IOException {
    long size = Files.size(snapshot);
    if (damage == SnapshotDamage.BIT_FLIP) {
      flip(snapshot, (int) (size / 3), 4);
    } else if (damage == SnapshotDamage.CUT_IN_HALF) {
      truncate(snapshot, size / 2);
    } else {
      truncate(snapshot, 0);
    }
  }

  // -------------------------------------------------------------------------------------------
  // (c) Failing force and writes under the runtime

  @Test
  void shouldAcknowledgeNothingAfterAFailedForceAndRecoverExactlyTheAcknowledgedPrefix()
      throws Exception {
    Random random = new Random(8);
    for (int trial = 0; trial < 12; trial++) {
      Path data = directory.resolve("force-" + trial);
      FaultyChannels channels = new FaultyChannels();
      int forcesBeforeFailure = random.nextInt(40);
      runUntilTheJournalFails(
          data, channels, () -> channels.failForcesAfter(forcesBeforeFailure), trial, true);
    }
  }

  @Test
  void shouldAcknowledgeNothingAfterACrashInTheMiddleOfAWriteAndRecoverAllThatWasAcknowledged()
      throws Exception {
    Random random = new Random(9);
    for (int trial = 0; trial < 12; trial++) {
      Path data = directory.resolve("crash-" + trial);
      FaultyChannels channels = new FaultyChannels();
      long bytes = random.nextInt(30_000);
      runUntilTheJournalFails(
          data, channels, () -> channels.crashAfterWriting(bytes), trial, false);
    }
  }

  /**
   * Submits a flow to a runtime whose journal fails during it, then checks what was acknowledged
   * against what a restart recovers.
   *
   * @param exact whether the restart must recover exactly the acknowledged commands (a failed force
   *     in a live process), or may also recover records of the failed batch (a crash mid-write
   *     leaves whatever reached the disk; those commands were never acknowledged either way)
   */
  private void runUntilTheJournalFails(
      Path data, FaultyChannels channels, Runnable fault, int trial, boolean exact)
      throws Exception {
    // given: small batches, so the flow needs many forces; a fixed clock for a reference run
    RuntimeConfig config =
        RuntimeConfig.defaults()
            .withExchange(SeededFlow.SMALL_BOUNDS)
            .withQueue(65_536, 8)
            .withSnapshotEvery(50)
            .withClock(() -> T0);
    List<Command> commands = new ArrayList<>(SeededFlow.setup(20));
    SeededFlow flow = SeededFlow.ofSeed(trial);
    while (commands.size() < 600) {
      commands.add(flow.next());
    }
    Journal journal =
        Journal.openFiles(data.resolve("journal"), Journals.SMALL_SEGMENTS.withChannels(channels));
    SnapshotStore snapshots = SnapshotStore.inDirectory(data.resolve("snapshots"));
    fault.run();
    List<CompletableFuture<CommandResult>> futures = new ArrayList<>();
    List<CommandResult> acknowledged = new ArrayList<>();
    CompletableFuture<CommandResult> later;
    try (ExchangeRuntime runtime = ExchangeRuntime.start(config, journal, snapshots)) {
      // when
      for (Command command : commands) {
        futures.add(runtime.submit(command));
      }
      int failedAt = -1;
      for (int i = 0; i < futures.size(); i++) {
        try {
          CommandResult result = futures.get(i).join();
          // then: after the first failure, nothing is acknowledged
          assertEquals(-1, failedAt, "trial " + trial + ": command " + i + " acknowledged");
          acknowledged.add(result);
        } catch (CompletionException failed) {
          assertTrue(failed.getCause() instanceof ExchangeException, failed::toString);
          if (failedAt < 0) {
            failedAt = i;
          }
        }
      }
      assertTrue(failedAt >= 0, "trial " + trial + ": the journal never failed");
      later = runtime.submit(new Command.AddUser(999_999, 999));
    }
    assertTrue(later.isCompletedExceptionally(), "trial " + trial + ": a later submit");

    // when: the process restarts on healthy storage
    ExchangeRuntime restarted =
        ExchangeRuntime.start(
            config, Journal.openFiles(data.resolve("journal"), Journals.SMALL_SEGMENTS), snapshots);
    long recoveredSequence;
    long recoveredHash;
    try (restarted) {
      recoveredSequence = restarted.lastSequence();
      recoveredHash = restarted.query(Exchange::stateHash).join();
      restarted
          .query(
              exchange -> {
                exchange.verify();
                return null;
              })
          .join();
    }

    // then: the acknowledged results are those of a plain exchange, and the restart recovers
    // them (exactly them, when the process did not crash)
    String at = "trial " + trial + ": report " + restarted.recoveryReport();
    Exchange reference = Exchange.create(SeededFlow.SMALL_BOUNDS);
    for (int i = 0; i < acknowledged.size(); i++) {
      assertEquals(reference.apply(T0, commands.get(i)), acknowledged.get(i), at);
    }
    if (exact) {
      assertEquals(acknowledged.size(), recoveredSequence, at);
    } else {
      assertTrue(recoveredSequence >= acknowledged.size(), at);
      for (int i = acknowledged.size(); i < recoveredSequence; i++) {
        reference.apply(T0, commands.get(i));
      }
    }
    assertEquals(reference.stateHash(), recoveredHash, at);
    // The journal holds the recovered commands (from where pruning left it), in order.
    try (Journal journaled =
        Journal.openFiles(data.resolve("journal"), FileJournalOptions.defaults().asReadOnly())) {
      assertEquals(recoveredSequence, journaled.lastSequence(), at);
      journaled.replay(
          0,
          record -> assertEquals(commands.get((int) record.sequence() - 1), record.command(), at));
    }
  }

  // -------------------------------------------------------------------------------------------

  /**
   * Appends the setup and a seeded flow in random batches and closes the journal. It writes at
   * least {@code count} records, and more if needed so that the last segment holds records (a
   * segment rolled after the last batch would hold only its header).
   */
  private static List<JournalRecord> writeJournal(Path directory, int count, Random random)
      throws IOException {
    List<JournalRecord> records = records(count + 100, random.nextLong());
    int next = 0;
    try (Journal journal = Journal.openFiles(directory, Journals.SMALL_SEGMENTS)) {
      while (next < count || JournalLayout.of(directory).last().recordStarts().isEmpty()) {
        int end = Math.min(records.size(), next + 1 + random.nextInt(10));
        journal.append(records.subList(next, end));
        next = end;
      }
    }
    return records.subList(0, next);
  }

  private static List<JournalRecord> records(int count, long seed) {
    List<JournalRecord> records = new ArrayList<>();
    for (Command command : SeededFlow.setup(20)) {
      records.add(new JournalRecord(records.size() + 1, T0, command));
    }
    SeededFlow flow = SeededFlow.ofSeed(seed);
    while (records.size() < count) {
      SeededFlow.Timed timed = flow.nextTimed();
      records.add(new JournalRecord(records.size() + 1, timed.timestampMs(), timed.command()));
    }
    return records;
  }

  /** A record that no flow contains, to append after a repair. */
  private static JournalRecord extra(long sequence) {
    return new JournalRecord(sequence, T0 + 1_000_000_000L, new Command.AddUser(999_000, 999));
  }

  private static void truncate(Path file, long size) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.truncate(size);
    }
  }

  private static void flip(Path file, int offset, int bit) throws IOException {
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer one = ByteBuffer.allocate(1);
      channel.read(one, offset);
      one.put(0, (byte) (one.get(0) ^ (1 << bit)));
      one.rewind();
      channel.write(one, offset);
    }
  }
}
