package org.bourse.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.bourse.core.Command;
import org.bourse.core.FeeRates;
import org.bourse.core.FeeSchedule;
import org.bourse.core.FeeTier;
import org.bourse.core.InstrumentSpec;
import org.bourse.core.InstrumentStatus;
import org.bourse.core.Journal;
import org.bourse.core.JournalRecord;
import org.bourse.core.OrderType;
import org.bourse.core.SelfTradePrevention;
import org.bourse.core.Side;
import org.bourse.core.TimeInForce;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command encoding round trip, through the public journal: every command type, with nulls,
 * extremes and odd decimals, comes back from a reopened journal equal to what was appended. (The
 * codec itself is package-private; the journal is the only way commands are encoded, so this tests
 * the codec as it is used.)
 */
public class CommandEncodingRoundTripTest {
  @TempDir Path directory;

  /** At least one command of every type; {@link #shouldCoverEveryCommandType} keeps it so. */
  public static List<Command> everyType() {
    InstrumentSpec oddSpec =
        new InstrumentSpec(
            Integer.MAX_VALUE,
            "ODD-SYMBOL_1",
            7,
            9,
            new BigDecimal("1E+3"),
            new BigDecimal("0.000000000000000001"),
            new BigDecimal("-0.5"),
            new BigDecimal("123456789012345678901234567890.123456789"),
            new BigDecimal("1000000"),
            new BigDecimal("0.00"),
            SelfTradePrevention.NONE,
            InstrumentStatus.HALTED);
    List<FeeTier> manyTiers = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      manyTiers.add(new FeeTier(i * 1_000_000L, new FeeRates(-1_000_000 + i, 1_000_000 - i)));
    }
    return List.of(
        new Command.DefineAsset(1, 1, "BTC", 8),
        new Command.DefineAsset(Long.MAX_VALUE, Integer.MIN_VALUE, "", -1),
        new Command.DefineInstrument(
            2, InstrumentSpec.of(1, "BTCUSDT", 1, 2, "0.01", "0.0001", "0.0001", "1000", "1E+6")),
        new Command.DefineInstrument(3, oddSpec),
        new Command.SetInstrumentStatus(4, 1, InstrumentStatus.HALTED),
        new Command.SetInstrumentStatus(5, 1, InstrumentStatus.TRADING),
        new Command.SetInstrumentFees(6, 1, new FeeRates(-100, 1_000_000)),
        new Command.SetInstrumentFees(7, 1, null),
        new Command.SetFeeSchedule(8, FeeSchedule.FREE),
        new Command.SetFeeSchedule(9, new FeeSchedule(Integer.MAX_VALUE, manyTiers)),
        new Command.AssignFeeTier(10, 3, -1),
        new Command.AssignFeeTier(11, Long.MAX_VALUE, Integer.MAX_VALUE),
        new Command.AddUser(12, 1),
        new Command.AddUser(-1, 0),
        new Command.Deposit(13, 1, 2, Long.MAX_VALUE),
        new Command.Deposit(14, 1, 2, Long.MIN_VALUE),
        new Command.RequestWithdrawal(15, 1, 2, 5),
        new Command.CompleteWithdrawal(16, 1),
        new Command.CancelWithdrawal(17, Long.MAX_VALUE),
        new Command.Transfer(18, 1, 2, 3, 4),
        Command.PlaceOrder.limit(19, 1, 1, Side.BUY, 3_000_000, 5),
        Command.PlaceOrder.market(20, 1, 1, Side.SELL, 5),
        Command.PlaceOrder.marketQuote(21, 1, 1, Side.BUY, 1_000_000),
        new Command.PlaceOrder(
            22,
            Long.MAX_VALUE,
            Integer.MAX_VALUE,
            "a.b_c:d-é€",
            Side.SELL,
            OrderType.TAKE_PROFIT_LIMIT,
            TimeInForce.FOK,
            Long.MAX_VALUE,
            Long.MIN_VALUE,
            -1,
            Long.MAX_VALUE,
            SelfTradePrevention.EXPIRE_BOTH),
        Command.PlaceOrder.limit(23, 1, 1, Side.BUY, 1, 1)
            .withType(OrderType.STOP_LOSS_LIMIT)
            .withStopPrice(2)
            .withClientOrderId("x".repeat(256))
            .withSelfTradePrevention(SelfTradePrevention.EXPIRE_MAKER),
        new Command.CancelOrder(24, 1, 99, null),
        new Command.CancelOrder(25, 1, 0, "client-1"),
        new Command.CancelAll(26, 1, 0),
        new Command.CancelAll(27, 1, 2),
        new Command.AmendOrder(28, 1, 99, null, 0, 7),
        new Command.AmendOrder(29, 1, 0, "client-1", 3_000_100, 0));
  }

  @Test
  void shouldCoverEveryCommandType() {
    // given
    Set<String> permitted = new TreeSet<>();
    for (Class<?> type : Command.class.getPermittedSubclasses()) {
      permitted.add(type.getSimpleName());
    }

    // when
    Set<String> sampled = new TreeSet<>();
    for (Command command : everyType()) {
      sampled.add(command.getClass().getSimpleName());
    }

    // then
    assertEquals(permitted, sampled);
  }

  @Test
  void shouldDecodeThePublicEncodingOfEveryCommandTypeEqual() {
    for (Command command : everyType()) {
      // when
      byte[] bytes = Command.encode(command);

      // then
      assertEquals(command, Command.decode(bytes));
    }
  }

  @Test
  void shouldRefuseBytesThatAreNotExactlyOneCommand() {
    // given
    byte[] bytes = Command.encode(new Command.CancelAll(26, 1, 0));
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
    byte[] shorter = Arrays.copyOf(bytes, bytes.length - 1);

    // when / then
    IllegalArgumentException trailing =
        assertThrows(IllegalArgumentException.class, () -> Command.decode(longer));
    assertTrue(trailing.getMessage().contains("1 bytes after the command"), trailing.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Command.decode(shorter));
  }

  @Test
  void shouldReadBackEveryCommandTypeEqualFromAReopenedJournal() throws IOException {
    // given
    List<Command> commands = everyType();

    // when
    List<JournalRecord> read = appendAndReadBack(commands, 7);

    // then
    assertEquals(records(commands), read);
  }

  @Test
  void shouldReadBackSeededFlowsEqualFromAReopenedJournal() throws IOException {
    // given: the setup and a few thousand generated commands of several seeds
    List<Command> commands = new ArrayList<>(SeededFlow.setup(20));
    for (long seed = 1; seed <= 5; seed++) {
      SeededFlow flow = new SeededFlow(seed, 20, seed * 1_000_000, "s" + seed + "-");
      for (int i = 0; i < 1_000; i++) {
        commands.add(flow.next());
      }
    }

    // when
    List<JournalRecord> read = appendAndReadBack(commands, 97);

    // then
    assertEquals(records(commands), read);
  }

  private static List<JournalRecord> records(List<Command> commands) {
    List<JournalRecord> records = new ArrayList<>();
    long timestampMs = 1_700_000_000_000L;
    for (Command command : commands) {
      records.add(new JournalRecord(records.size() + 1, timestampMs, command));
      timestampMs += records.size() % 3;
    }
    return records;
  }

  private List<JournalRecord> appendAndReadBack(List<Command> commands, int maxBatch)
      throws IOException {
    List<JournalRecord> records = records(commands);
    try (Journal journal = Journal.openFiles(directory, Journals.SMALL_SEGMENTS)) {
      // Uneven batches, so records are split across batches and segments in several ways.
      int next = 0;
      for (int size = 1; next < records.size(); size = size % maxBatch + 1) {
        int end = Math.min(records.size(), next + size);
        journal.append(records.subList(next, end));
        next = end;
      }
    }
    return Journals.readAll(directory);
  }
}
