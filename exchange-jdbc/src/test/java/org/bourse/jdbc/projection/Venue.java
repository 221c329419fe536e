package org.bourse.jdbc.projection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.bourse.core.Balance;
import org.bourse.core.Command;
import org.bourse.core.CommandResult;
import org.bourse.core.Exchange;
import org.bourse.core.ExchangeConfig;
import org.bourse.core.ExchangeEvent;
import org.bourse.core.ExchangeRuntime;
import org.bourse.core.OrderState;
import org.bourse.core.RuntimeConfig;
import org.bourse.core.runtime.SeededFlow;

/**
 * A runtime on a data directory (file journal and snapshots) for the projection tests: submits
 * commands in groups and remembers every result, so the tests know exactly which rows the
 * projection must hold.
 */
final class Venue implements AutoCloseable {
  static final int USERS = 12;

  /** Engine bounds of every runtime in these tests, with every event. */
  static final ExchangeConfig CONFIG = ExchangeConfig.defaults().withOrderBounds(40, 5_000, 30);

  static final int ASSETS = 3;

  private final Path data;
  private final RuntimeConfig config;
  final ExchangeRuntime runtime;

  /** Every result the runtime gave, across restarts; duplicates included. */
  final List<CommandResult> results;

  private Venue(Path data, RuntimeConfig config, List<CommandResult> results) throws IOException {
    this.data = data;
    this.config = config;
    this.results = results;
    this.runtime = ExchangeRuntime.openFiles(data, config);
  }

  /**
   * A runtime with snapshots every 500 commands and the given listener buffer, keeping its whole
   * journal, as a runtime that feeds a projection should: a projector that falls behind (a slow
   * machine) catches up from it.
   */
  static Venue open(Path data, int listenerBuffer, List<CommandResult> results) {
    RuntimeConfig config =
        RuntimeConfig.defaults()
            .withExchange(CONFIG)
            .withSnapshotEvery(500)
            .withPruneJournal(false)
            .withListenerBuffer(listenerBuffer);
    try {
      return new Venue(data, config, results);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The journal and snapshots of this venue, for catch-up and rebuild. */
  static JournalSource source(Path data) {
    try {
      return JournalSource.files(CONFIG, data.resolve("journal"), data.resolve("snapshots"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  JournalSource source() {
    return source(data);
  }

  /** Submits the commands in groups of 64, waiting for each group. */
  void submit(List<Command> commands) {
    List<CompletableFuture<CommandResult>> group = new ArrayList<>();
    for (Command command : commands) {
      group.add(runtime.submit(command));
      if (group.size() == 64) {
        collect(group);
      }
    }
    collect(group);
  }

  /** The setup and then {@code count} commands of the flow. */
  void submitFlow(SeededFlow flow, int count) {
    List<Command> commands = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      commands.add(flow.next());
    }
    submit(commands);
  }

  private void collect(List<CompletableFuture<CommandResult>> group) {
    for (CompletableFuture<CommandResult> future : group) {
      CommandResult result = future.join();
      assertTrue(result.sequence() > 0, () -> "refused at the edge: " + result);
      results.add(result);
    }
    group.clear();
  }

  /** The engine's balances of the flow's users in the flow's assets, now. */
  Map<List<Long>, Balance> engineBalances() {
    return runtime
        .query(
            exchange -> {
              Map<List<Long>, Balance> balances = new HashMap<>();
              for (long user = 1; user <= USERS; user++) {
                for (long asset = 1; asset <= ASSETS; asset++) {
                  balances.put(List.of(user, asset), exchange.balance(user, (int) asset));
                }
              }
              return balances;
            })
        .join();
  }

  /** The engine's last sequence. */
  long lastSequence() {
    return runtime.query(Exchange::lastSequence).join();
  }

  /** Starts a projector on this runtime and waits until it caught up with the journal. */
  Projector project(Projection projection) throws InterruptedException {
    Projector projector = projection.projector(runtime, source());
    assertTrue(
        projector.awaitCheckpoint(lastSequence(), Duration.ofMinutes(1)),
        "the projector did not catch up within a minute");
    return projector;
  }

  /**
   * Closes the runtime, which hands every result to its listeners first: a projector closed after
   * this has seen everything. Closing again is harmless.
   */
  void closeRuntime() {
    runtime.close();
  }

  @Override
  public void close() {
    closeRuntime();
  }

  /** What the results say the tables must hold. */
  record Expected(
      Map<Long, OrderState> orders,
      long orderChanges,
      List<ExchangeEvent.Trade> trades,
      long entries,
      long postings) {

    static Expected of(List<CommandResult> results) {
      Map<Long, OrderState> orders = new HashMap<>();
      long orderChanges = 0;
      List<ExchangeEvent.Trade> trades = new ArrayList<>();
      long entries = 0;
      long postings = 0;
      for (CommandResult result : results) {
        if (result.duplicate()) {
          assertEquals(List.of(), result.events());
          continue;
        }
        for (ExchangeEvent event : result.events()) {
          if (event instanceof OrderState order) {
            orders.put(order.orderId(), order);
            orderChanges++;
          } else if (event instanceof ExchangeEvent.Trade trade) {
            trades.add(trade);
          } else if (event instanceof ExchangeEvent.LedgerEntry entry) {
            entries++;
            postings += entry.postings().size();
          }
        }
      }
      return new Expected(orders, orderChanges, trades, entries, postings);
    }
  }
}
