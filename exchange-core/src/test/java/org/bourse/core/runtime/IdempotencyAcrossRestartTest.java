package org.bourse.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.bourse.core.Command;
import org.bourse.core.CommandResult;
import org.bourse.core.EventDetail;
import org.bourse.core.Exchange;
import org.bourse.core.ExchangeConfig;
import org.bourse.core.ExchangeRuntime;
import org.bourse.core.FeeModel;
import org.bourse.core.RuntimeConfig;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Idempotency across restarts: a command id acknowledged before a restart is still known after it,
 * however the state was rebuilt, and resubmitting it returns the original outcome and changes
 * nothing.
 */
class IdempotencyAcrossRestartTest {
  /** The flow's bounds, with a window that remembers every command of the test. */
  private static final ExchangeConfig CONFIG =
      new ExchangeConfig(8, 4, 1_000, 40, 5_000, 30, 8, 100_000, FeeModel.TIERED, EventDetail.FULL);

  private static final int USERS = 20;

  @TempDir Path directory;

  /** How the restarted runtime rebuilds its state. */
  enum Restart {
    /** From the snapshot written at close. */
    FROM_FINAL_SNAPSHOT,
    /** From an older periodic snapshot and the journal after it. */
    FROM_OLDER_SNAPSHOT_AND_JOURNAL,
    /** From the whole journal, every snapshot lost. */
    FROM_JOURNAL_ONLY
  }

  @ParameterizedTest
  @EnumSource(Restart.class)
  void shouldAnswerResubmittedCommandsWithTheirOriginalResultsAfterARestart(Restart restart)
      throws IOException {
    // given: a flow's results before the restart, the first one of each command id
    RuntimeConfig config = RuntimeConfig.defaults().withExchange(CONFIG).withSnapshotEvery(400);
    List<Command> commands = new ArrayList<>(SeededFlow.setup(USERS));
    SeededFlow flow = SeededFlow.ofSeed(42);
    for (int i = 0; i < 1_500; i++) {
      commands.add(flow.next());
    }
    Map<Long, Command> originalCommands = new LinkedHashMap<>();
    Map<Long, CommandResult> originalResults = new LinkedHashMap<>();
    try (ExchangeRuntime runtime = ExchangeRuntime.openFiles(directory, config)) {
      // In chunks, so that batches stay small enough for periodic snapshots between them.
      for (int chunk = 0; chunk < commands.size(); chunk += 100) {
        List<Command> some = commands.subList(chunk, Math.min(commands.size(), chunk + 100));
        List<CompletableFuture<CommandResult>> futures = new ArrayList<>();
        for (Command command : some) {
          futures.add(runtime.submit(command));
        }
        for (int i = 0; i < some.size(); i++) {
          CommandResult result = futures.get(i).join();
          if (!result.duplicate()) {
            originalCommands.put(result.commandId(), some.get(i));
            originalResults.put(result.commandId(), result);
          }
        }
      }
    }
    loseSnapshots(restart);

    try (ExchangeRuntime restarted = ExchangeRuntime.openFiles(directory, config)) {
      String before = restarted.query(IdempotencyAcrossRestartTest::holdings).join();

      // when
      List<CompletableFuture<CommandResult>> resubmitted = new ArrayList<>();
      for (Command command : originalCommands.values()) {
        resubmitted.add(restarted.submit(command));
      }

      // then
      int i = 0;
      for (CommandResult original : originalResults.values()) {
        CommandResult again = resubmitted.get(i++).join();
        String what = restart + ": " + original + " then " + again;
        assertTrue(again.duplicate(), what);
        assertEquals(original.commandId(), again.commandId(), what);
        assertEquals(original.sequence(), again.sequence(), what);
        assertEquals(original.rejectReason(), again.rejectReason(), what);
        assertEquals(original.orderId(), again.orderId(), what);
        assertEquals(original.orderStatus(), again.orderStatus(), what);
        assertEquals(original.withdrawalId(), again.withdrawalId(), what);
        assertEquals(List.of(), again.events(), what);
      }
      assertEquals(before, restarted.query(IdempotencyAcrossRestartTest::holdings).join());
    }
  }

  private void loseSnapshots(Restart restart) throws IOException {
    List<Path> snapshots = SnapshotFiles.oldestFirst(directory.resolve("snapshots"));
    assertTrue(snapshots.size() >= 2, "expected a periodic and a final snapshot: " + snapshots);
    if (restart == Restart.FROM_OLDER_SNAPSHOT_AND_JOURNAL) {
      Files.delete(snapshots.get(snapshots.size() - 1));
    } else if (restart == Restart.FROM_JOURNAL_ONLY) {
      for (Path snapshot : snapshots) {
        Files.delete(snapshot);
      }
    }
  }

  /** Every balance and open order of the flow's users, as text to compare. */
  private static String holdings(Exchange exchange) {
    StringBuilder text = new StringBuilder();
    for (long user = 1; user <= USERS; user++) {
      for (int asset = 1; asset <= 3; asset++) {
        text.append(user).append('/').append(asset).append(' ');
        text.append(exchange.balance(user, asset)).append('\n');
      }
      text.append(exchange.openOrders(user)).append('\n');
    }
    return text.toString();
  }
}
