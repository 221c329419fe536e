package org.bourse.bench;

import exchange.core2.core.ExchangeApi;
import exchange.core2.core.ExchangeCore;
import exchange.core2.core.common.L2MarketData;
import exchange.core2.core.common.MatcherEventType;
import exchange.core2.core.common.MatcherTradeEvent;
import exchange.core2.core.common.api.ApiCommand;
import exchange.core2.core.common.api.binary.BatchAddSymbolsCommand;
import exchange.core2.core.common.cmd.CommandResultCode;
import exchange.core2.core.common.cmd.OrderCommand;
import exchange.core2.core.common.config.ExchangeConfiguration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.ObjLongConsumer;

/**
 * One running exchange-core instance with a results consumer that counts: every command reaches the
 * consumer once, in submission order, on exchange-core's results thread, so the number of results
 * seen says how many commands are done. The consumer also counts refusals by result code and trades
 * (by walking the command's matcher events, which costs no allocation), and can stamp completion
 * times for latency runs.
 */
final class CoreEngine implements AutoCloseable {
  private final ExchangeCore core;
  private final ExchangeApi api;
  private final Tally tally = new Tally();

  /** Counts results on the results thread; the submitting thread reads after {@link #done}. */
  static final class Tally implements ObjLongConsumer<OrderCommand> {
    /** Results seen; written only by the results thread. */
    volatile long done;

    long rejected;
    long trades;
    final long[] byCode = new long[CommandResultCode.values().length];

    /** When set, result {@code k} after {@link #stampBase} writes its time to slot {@code k}. */
    volatile long[] completedNs;

    volatile long stampBase;

    /** Optional extra consumer, e.g. exchange-core's SimpleEventsProcessor for the tape. */
    volatile ObjLongConsumer<OrderCommand> tap;

    @Override
    public void accept(OrderCommand cmd, long sequence) {
      long[] stamps = completedNs;
      if (stamps != null) {
        long k = done - stampBase;
        if (k >= 0 && k < stamps.length) {
          stamps[(int) k] = System.nanoTime();
        }
      }
      if (cmd.resultCode != CommandResultCode.SUCCESS) {
        rejected++;
        byCode[cmd.resultCode.ordinal()]++;
      }
      for (MatcherTradeEvent e = cmd.matcherEvent; e != null; e = e.nextEvent) {
        if (e.eventType == MatcherEventType.TRADE) {
          trades++;
        }
      }
      ObjLongConsumer<OrderCommand> extra = tap;
      if (extra != null) {
        extra.accept(cmd, sequence);
      }
      done = done + 1;
    }
  }

  CoreEngine(CoreSettings settings) {
    ExchangeConfiguration configuration =
        ExchangeConfiguration.defaultBuilder().performanceCfg(settings.performance()).build();
    this.core =
        ExchangeCore.builder().resultsConsumer(tally).exchangeConfiguration(configuration).build();
    core.startup();
    this.api = core.getApi();
  }

  Tally tally() {
    return tally;
  }

  ExchangeApi api() {
    return api;
  }

  /** Adds the symbols and funded users of a spec, waiting for each to succeed. */
  void setUp(FlowSpec spec) {
    CommandResultCode symbols =
        api.submitBinaryDataAsync(new BatchAddSymbolsCommand(CoreFlow.symbols(spec))).join();
    require(symbols, "adding symbols");
    List<CompletableFuture<CommandResultCode>> results = new ArrayList<>();
    for (ApiCommand command : CoreFlow.users(spec)) {
      results.add(api.submitCommandAsync(command));
    }
    for (CompletableFuture<CommandResultCode> result : results) {
      require(result.join(), "adding users");
    }
  }

  private static void require(CommandResultCode code, String what) {
    if (code != CommandResultCode.SUCCESS) {
      throw new IllegalStateException("exchange-core refused " + what + ": " + code);
    }
  }

  /** Waits until {@code count} results have been seen in total. */
  void awaitDone(long count) {
    while (tally.done < count) {
      Pacing.backOff();
    }
  }

  /** The full aggregated book of a symbol. */
  L2MarketData book(int symbol) {
    return api.requestOrderBookAsync(symbol, Integer.MAX_VALUE).join();
  }

  @Override
  public void close() {
    core.shutdown(10, TimeUnit.SECONDS);
  }
}
