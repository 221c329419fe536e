package org.bourse.examples;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.bourse.core.Command;
import org.bourse.core.ExchangeConfig;
import org.bourse.core.ExchangeEvent;
import org.bourse.core.ExchangeRuntime;
import org.bourse.core.InstrumentSpec;
import org.bourse.core.RuntimeConfig;
import org.bourse.core.Side;
import org.bourse.jdbc.Database;
import org.bourse.jdbc.DatabaseConfig;
import org.bourse.jdbc.projection.JournalSource;
import org.bourse.jdbc.projection.Projection;
import org.bourse.jdbc.projection.Projector;
import org.bourse.jdbc.projection.StatementLine;

/**
 * The durable runtime on the embedded default, no configuration: the file journal and snapshots in
 * a data directory, and the history projection in an H2 database beside them; then the trade
 * history and a ledger statement read back with SQL queries. Pass a directory to keep the data; run
 * it twice on the same directory and the second run recovers the first one's state.
 */
public final class StorageExample {
  private StorageExample() {}

  public static void main(String[] args) throws Exception {
    Path data = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("bourse-");
    // tag::storage[]
    ExchangeConfig config = ExchangeConfig.defaults();
    try (Database db = Database.open(DatabaseConfig.embedded(data));
        ExchangeRuntime runtime =
            ExchangeRuntime.openFiles(
                data,
                // The projection catches up from the journal: keep all of it.
                RuntimeConfig.defaults().withExchange(config).withPruneJournal(false))) {
      Projection history = Projection.open(db);
      JournalSource journal =
          JournalSource.files(config, data.resolve("journal"), data.resolve("snapshots"));
      try (Projector projector = history.projector(runtime, journal)) {
        long id = runtime.lastSequence() * 10; // command ids must be new on every run
        InstrumentSpec btcUsdt =
            InstrumentSpec.of(1, "BTCUSDT", 1, 2, "0.01", "0.0001", "0.0001", "100", "1000000");
        if (runtime.lastSequence() == 0) {
          runtime.submit(new Command.DefineAsset(++id, 1, "BTC", 8));
          runtime.submit(new Command.DefineAsset(++id, 2, "USDT", 6));
          runtime.submit(new Command.DefineInstrument(++id, btcUsdt));
          runtime.submit(new Command.AddUser(++id, 1));
          runtime.submit(new Command.AddUser(++id, 2));
        }
        runtime.submit(new Command.Deposit(++id, 1, 1, 25_000_000L)); // 0.25 BTC
        runtime.submit(new Command.Deposit(++id, 2, 2, 17_000_000_000L)); // 17,000 USDT
        runtime.submit(Command.PlaceOrder.limit(++id, 1, 1, Side.SELL, 6_500_000, 2_500));
        runtime.submit(Command.PlaceOrder.limit(++id, 2, 1, Side.BUY, 6_501_000, 2_500)).join();

        projector.awaitCheckpoint(runtime.lastSequence(), Duration.ofSeconds(30));
        for (var row : history.queries().userTrades(2, null, 100).items()) {
          ExchangeEvent.Trade trade = row.trade();
          BigDecimal price = btcUsdt.tickSize().multiply(BigDecimal.valueOf(trade.priceTicks()));
          BigDecimal qty = btcUsdt.lotSize().multiply(BigDecimal.valueOf(trade.quantityLots()));
          System.out.println("trade #" + trade.tradeId() + ": " + qty + " BTC at " + price);
        }
        for (StatementLine line : history.queries().statement(2, 2, null, 100).items()) {
          BigDecimal amount = BigDecimal.valueOf(line.amount(), 6);
          BigDecimal balance = BigDecimal.valueOf(line.balanceAfter(), 6);
          System.out.println(line.kind() + " " + line.account() + " " + amount + " -> " + balance);
        }
      }
    }
    // end::storage[]
  }
}
