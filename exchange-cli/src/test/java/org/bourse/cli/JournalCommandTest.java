package org.bourse.cli;

import static org.bourse.cli.BourseRun.bourse;
import static org.bourse.cli.BourseRun.find;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.bourse.cli.simulate.Listing;
import org.bourse.cli.simulate.OrderFlow;
import org.bourse.core.Command;
import org.bourse.core.CommandResult;
import org.bourse.core.Exchange;
import org.bourse.core.ExchangeRuntime;
import org.bourse.core.FileJournalOptions;
import org.bourse.core.Journal;
import org.bourse.core.RuntimeConfig;
import org.bourse.core.SnapshotStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives {@code bourse journal verify|inspect|replay} end to end on a data directory that a real
 * {@link ExchangeRuntime} wrote, then damaged the ways disks and crashes damage files.
 */
class JournalCommandTest {
  private static final Pattern STATE_HASH = Pattern.compile("state hash +([0-9a-f]{16})");
  private static final Pattern RECORD_LINE =
      Pattern.compile(
          "\\d+ \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z [A-Za-z]+ cmd=\\d+.*");
  private static final int FLOW_COMMANDS = 400;
  private static final int SNAPSHOT_EVERY = 150;
  private static final int GROUP = 50;

  @TempDir Path data;

  /** Every command the runtime journaled, in sequence order (index 0 is sequence 1). */
  private final List<Command> journaled = new ArrayList<>();

  private long runtimeStateHash;

  private BourseRun journal(String subcommand, String... args) {
    String[] head = {"journal", subcommand, "--data", data.toString()};
    return bourse(Stream.concat(Stream.of(head), Stream.of(args)).toArray(String[]::new));
  }

  /**
   * A venue opened, then a few hundred commands of the simulator's flow from one producer, so the
   * journal's order is the submission order; snapshots on the way and at close.
   */
  @BeforeEach
  void runARuntime() throws IOException {
    runtimeStateHash = runARuntime(data, 5, FLOW_COMMANDS, journaled);
  }

  /**
   * Runs a runtime on {@code directory} with the setup and {@code flowCommands} of a seeded flow,
   * adds them to {@code journaled} and gives the final state hash.
   */
  private static long runARuntime(
      Path directory, long seed, int flowCommands, List<Command> journaled) throws IOException {
    RuntimeConfig config =
        RuntimeConfig.defaults().withClock(() -> OrderFlow.START_MS).withSnapshotEvery(0);
    OrderFlow flow = new OrderFlow(seed, 40, EnumSet.of(Listing.BTCUSDT, Listing.ETHBTC));
    int setupStart = journaled.size();
    journaled.addAll(flow.setup());
    Command[] commands = new Command[flowCommands];
    flow.next(commands, new long[flowCommands], flowCommands);
    journaled.addAll(Arrays.asList(commands));
    try (ExchangeRuntime runtime = ExchangeRuntime.openFiles(directory, config)) {
      // In small groups, so that the runtime journals small batches, with a snapshot requested
      // every SNAPSHOT_EVERY commands (at known sequences, unlike the timing of periodic ones).
      List<CompletableFuture<CommandResult>> results = new ArrayList<>();
      int submitted = 0;
      for (Command command : journaled.subList(setupStart, journaled.size())) {
        results.add(runtime.submit(command));
        submitted++;
        if (results.size() == GROUP) {
          awaitAccepted(results);
          if (submitted % SNAPSHOT_EVERY == 0) {
            runtime.snapshot().join();
          }
        }
      }
      awaitAccepted(results);
      return runtime.query(Exchange::stateHash).join();
    }
  }

  private static void awaitAccepted(List<CompletableFuture<CommandResult>> results) {
    for (CompletableFuture<CommandResult> result : results) {
      assertTrue(result.join().sequence() > 0, "refused at the edge: " + result.join());
    }
    results.clear();
  }

  private Path segment() throws IOException {
    try (Stream<Path> files = Files.list(data.resolve("journal"))) {
      List<Path> segments = files.filter(f -> f.toString().endsWith(".seg")).toList();
      assertEquals(1, segments.size(), segments::toString);
      return segments.get(0);
    }
  }

  /** The offsets of the segment's records, after its 24-byte header, and the file's end. */
  private static List<Long> recordOffsets(Path segment) throws IOException {
    ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(segment));
    List<Long> offsets = new ArrayList<>();
    int position = 24;
    while (position < bytes.limit()) {
      offsets.add((long) position);
      position += 8 + bytes.getInt(position);
    }
    offsets.add((long) position);
    return offsets;
  }

  /** The hash of the first {@code count} journaled commands applied to a fresh engine. */
  private long hashOfFirst(int count) {
    Exchange exchange = Exchange.create();
    for (Command command : journaled.subList(0, count)) {
      exchange.apply(OrderFlow.START_MS, command);
    }
    return exchange.stateHash();
  }

  @Test
  void shouldVerifyADataDirectoryAndPrintTheRuntimesStateHash() {
    // when
    BourseRun run = journal("verify");

    // then
    assertEquals(0, run.exitCode(), run::err);
    int records = journaled.size();
    assertTrue(
        run.out()
            .contains(
                String.format(
                    "records       %,d checked (CRC32C), sequences 1 to %,d", records, records)),
        run::out);
    assertTrue(run.out().contains("open report   clean"), run::out);
    assertTrue(
        run.out().contains(String.format("snapshot      at sequence %,d", records)), run::out);
    assertEquals(String.format("%016x", runtimeStateHash), find(STATE_HASH, run.out()));
    assertTrue(run.out().endsWith("ledger invariants: OK" + System.lineSeparator()), run::out);
    assertEquals("", run.err());
  }

  @Test
  void shouldReachTheSameStateWithoutSnapshots() {
    // when
    BourseRun run = journal("verify", "--ignore-snapshots");

    // then
    assertEquals(0, run.exitCode(), run::err);
    assertTrue(run.out().contains("snapshot      ignored: replayed from the start"), run::out);
    assertTrue(
        run.out().contains(String.format("replayed      %,d records", journaled.size())), run::out);
    assertEquals(String.format("%016x", runtimeStateHash), find(STATE_HASH, run.out()));
  }

  @Test
  void shouldInspectTheFirstRecordsOneLineEach() {
    // when
    BourseRun run = journal("inspect", "--limit", "5");

    // then
    assertEquals(0, run.exitCode(), run::err);
    List<String> lines = run.out().lines().toList();
    assertEquals(5, lines.size(), run::out);
    for (int i = 0; i < lines.size(); i++) {
      assertTrue(RECORD_LINE.matcher(lines.get(i)).matches(), lines.get(i));
      assertTrue(lines.get(i).startsWith((i + 1) + " "), lines.get(i));
    }
    assertEquals(
        "1 2025-01-01T00:00:00.000Z DefineAsset cmd=1 asset=1 code=BTC scale=8", lines.get(0));
    assertEquals("", run.err());
  }

  @Test
  void shouldInspectAnOrderWithItsFields() {
    // given: the first limit order of the flow with a client order id
    int index = 0;
    while (!(journaled.get(index) instanceof Command.PlaceOrder)
        || ((Command.PlaceOrder) journaled.get(index)).priceTicks() == 0
        || ((Command.PlaceOrder) journaled.get(index)).clientOrderId() == null) {
      index++;
    }
    Command.PlaceOrder order = (Command.PlaceOrder) journaled.get(index);
    long sequence = index + 1;

    // when
    BourseRun run = journal("inspect", "--from", Long.toString(sequence), "--limit", "1");

    // then
    assertEquals(0, run.exitCode(), run::err);
    String expected =
        sequence
            + " 2025-01-01T00:00:00.000Z PlaceOrder cmd="
            + order.commandId()
            + " user="
            + order.userId()
            + " instrument="
            + order.instrumentId()
            + " "
            + order.side()
            + " "
            + order.type()
            + " "
            + order.timeInForce()
            + " price="
            + order.priceTicks()
            + " qty="
            + order.quantityLots()
            + " client="
            + order.clientOrderId();
    assertEquals(expected, run.out().strip());
  }

  @Test
  void shouldInspectToTheEndWithoutALimit() {
    // when
    BourseRun run = journal("inspect", "--from", "300");

    // then
    assertEquals(0, run.exitCode(), run::err);
    List<String> lines = run.out().lines().toList();
    assertEquals(journaled.size() - 299, lines.size());
    assertTrue(lines.get(lines.size() - 1).startsWith(journaled.size() + " "), run::out);
  }

  @Test
  void shouldReplayToASequenceAndPrintTheHashOfADirectRecovery() throws IOException {
    // given: between two snapshots, so a snapshot and part of the journal are both used
    int to = journaled.size() - 37;
    long recovered;
    try (Journal journal =
        Journal.openFiles(data.resolve("journal"), FileJournalOptions.defaults().asReadOnly())) {
      recovered =
          ExchangeRuntime.recover(
                  RuntimeConfig.defaults().exchange(),
                  journal,
                  SnapshotStore.inDirectory(data.resolve("snapshots")),
                  to,
                  new ArrayList<>())
              .stateHash();
    }

    // when
    BourseRun run = journal("replay", "--to", Integer.toString(to));

    // then
    assertEquals(0, run.exitCode(), run::err);
    assertEquals(String.format("%016x", recovered), find(STATE_HASH, run.out()));
    assertEquals(String.format("%016x", hashOfFirst(to)), find(STATE_HASH, run.out()));
    assertTrue(run.out().contains(String.format("at sequence %,d", to)), run::out);
    assertTrue(run.out().contains("snapshot      at sequence"), run::out);
    assertFalse(run.out().contains("replayed      0 records"), run::out);
    assertTrue(run.out().contains("ledger invariants: OK"), run::out);
  }

  @Test
  void shouldReplayFromTheStartWhenNoSnapshotIsOldEnough() {
    // when
    BourseRun run = journal("replay", "--to", "20");

    // then
    assertEquals(0, run.exitCode(), run::err);
    assertTrue(run.out().contains("snapshot      none: replayed from the start"), run::out);
    assertTrue(run.out().contains("replayed      20 records"), run::out);
    assertEquals(String.format("%016x", hashOfFirst(20)), find(STATE_HASH, run.out()));
  }

  @Test
  void shouldRefuseToReplayPastTheEndOfTheJournal() {
    // when
    BourseRun run = journal("replay", "--to", Integer.toString(journaled.size() + 1));

    // then
    assertEquals(ExitCodes.USAGE, run.exitCode());
    assertTrue(run.err().contains("is past the journal's last sequence"), run::err);
  }

  @Test
  void shouldFailVerifyNamingTheFileAndOffsetOfADamagedRecord() throws IOException {
    // given: one bit flipped in a record in the middle of the segment
    Path segment = segment();
    List<Long> offsets = recordOffsets(segment);
    long damagedRecord = offsets.get(offsets.size() / 2);
    long damagedByte = damagedRecord + 8 + 20;
    flipBit(segment, damagedByte);

    // when
    BourseRun run = journal("verify");

    // then
    assertEquals(ExitCodes.CORRUPT, run.exitCode(), run::err);
    assertTrue(run.err().contains(segment.toString()), run::err);
    assertTrue(run.err().contains("at offset " + damagedRecord + ":"), run::err);
    assertTrue(run.err().contains("damaged record followed by valid records"), run::err);
  }

  @Test
  void shouldReportAnUnacknowledgedTornTailAndStillSucceed() throws IOException {
    // given: a crash part-way through the write of a batch that was never acknowledged
    Path segment = segment();
    List<Long> offsets = recordOffsets(segment);
    long lastRecord = offsets.get(offsets.size() - 2);
    byte[] bytes = Files.readAllBytes(segment);
    byte[] partial = Arrays.copyOfRange(bytes, (int) lastRecord, (int) lastRecord + 21);
    Files.write(segment, partial, StandardOpenOption.APPEND);

    // when
    BourseRun run = journal("verify");

    // then: reported, left in place for the runtime to cut, and the state is the runtime's
    assertEquals(0, run.exitCode(), run::err);
    assertTrue(run.out().contains("torn tail: " + segment), run::out);
    assertTrue(run.out().contains("cut at offset " + bytes.length + " (21 bytes"), run::out);
    assertEquals(String.format("%016x", runtimeStateHash), find(STATE_HASH, run.out()));
    assertEquals(bytes.length + 21, Files.size(segment));
  }

  @Test
  void shouldReportATruncatedTailAndReplayTheRecordsBeforeIt() throws IOException {
    // given: the last record cut short, and no snapshot that holds it
    Path segment = segment();
    List<Long> offsets = recordOffsets(segment);
    long lastRecord = offsets.get(offsets.size() - 2);
    truncate(segment, lastRecord + 10);
    deleteSnapshots();

    // when
    BourseRun run = journal("verify");

    // then
    int records = journaled.size() - 1;
    assertEquals(0, run.exitCode(), run::err);
    assertTrue(
        run.out().contains("torn tail: " + segment + " cut at offset " + lastRecord), run::out);
    assertTrue(run.out().contains(String.format("sequences 1 to %,d", records)), run::out);
    assertEquals(String.format("%016x", hashOfFirst(records)), find(STATE_HASH, run.out()));
  }

  @Test
  void shouldFailVerifyWhenTheJournalLostRecordsASnapshotHolds() throws IOException {
    // given: an acknowledged record lost, although the snapshot taken at close holds it
    Path segment = segment();
    List<Long> offsets = recordOffsets(segment);
    truncate(segment, offsets.get(offsets.size() - 2) + 10);

    // when
    BourseRun run = journal("verify");

    // then
    assertEquals(ExitCodes.CORRUPT, run.exitCode(), run::err);
    assertTrue(
        run.err()
            .contains(
                String.format(
                    "snapshot at sequence %d is newer than the journal's last record %d",
                    journaled.size(), journaled.size() - 1)),
        run::err);
  }

  @Test
  void shouldCheckEverySnapshotAgainstTheJournalWhenAsked() throws IOException {
    // when
    BourseRun run = journal("verify", "--check-snapshots");

    // then
    assertEquals(0, run.exitCode(), run::err);
    List<Long> snapshots = SnapshotStore.inDirectory(data.resolve("snapshots")).sequences();
    assertEquals(2, snapshots.size(), snapshots::toString);
    for (long sequence : snapshots) {
      assertTrue(
          run.out().contains(String.format("  %,d: matches the journal", sequence)), run::out);
    }
  }

  @Test
  void shouldFindASnapshotThatDoesNotBelongToTheJournal() throws IOException {
    // given: another life of the directory (its journal replaced) with a snapshot of the first
    Path other = data.resolveSibling(data.getFileName() + "-other");
    runARuntime(other, 6, FLOW_COMMANDS + 100, new ArrayList<>());
    long stale = SnapshotStore.inDirectory(data.resolve("snapshots")).sequences().get(1);
    String name = String.format("snapshot-%020d.snap", stale);
    Files.copy(data.resolve("snapshots").resolve(name), other.resolve("snapshots").resolve(name));

    // when
    BourseRun plain = bourse("journal", "verify", "--data", other.toString());
    BourseRun checked =
        bourse("journal", "verify", "--data", other.toString(), "--check-snapshots");

    // then: recovery alone does not notice; the check does
    assertEquals(0, plain.exitCode(), plain::err);
    assertEquals(ExitCodes.CORRUPT, checked.exitCode(), checked::err);
    assertTrue(
        checked.out().contains(String.format("  %,d: DIFFERS from the journal", stale)),
        checked::out);
    assertTrue(checked.err().contains("1 snapshot differs from the journal"), checked::err);
  }

  @Test
  void shouldRefuseADirectoryWithoutAJournal() {
    // when
    BourseRun run = bourse("journal", "verify", "--data", data.resolve("nowhere").toString());

    // then
    assertEquals(ExitCodes.USAGE, run.exitCode());
    assertTrue(run.err().contains("holds no journal"), run::err);
  }

  private void deleteSnapshots() throws IOException {
    try (Stream<Path> files = Files.list(data.resolve("snapshots"))) {
      for (Path file : files.toList()) {
        Files.delete(file);
      }
    }
  }

  private static void flipBit(Path file, long position) throws IOException {
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer one = ByteBuffer.allocate(1);
      channel.read(one, position);
      one.put(0, (byte) (one.get(0) ^ 0x10)).rewind();
      channel.write(one, position);
    }
  }

  private static void truncate(Path file, long size) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.truncate(size);
    }
  }
}
