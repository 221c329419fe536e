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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.ObjLongConsumer;

/**
 * One running exchange-core instance with a results consumer that counts: every command reaches the
 * consumer once, in submission order, on exchange-core's results thread, so the number of results
 * seen says how many commands are done. The consumer also counts refusals by result code and trades
 * (by walking the command's matcher events, which costs no allocation), and can stamp completion
 * times for latency runs.
 */
final class CoreEngine implements AutoCloseable {
  /**
   * How long a set-up command may take. Adding symbols and users takes milliseconds; once on the
   * 2-core machine, in a test run that started exchange-core dozens of times, a fresh instance
   * never answered its first command (its threads spinning, the symbols never added, the test
   * hanging for 15 minutes until killed), and waiting longer does not help.
   */
  static final long SET_UP_SECONDS = 30;

  /** exchange-core did not answer a set-up command: the instance is stuck, not slow. */
  static final class StuckStart extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    StuckStart() {
      super("exchange-core did not answer its set-up within " + SET_UP_SECONDS + " s");
    }
  }

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

  /**
   * Adds the symbols and funded users of a spec, waiting for each to succeed.
   *
   * @throws StuckStart if exchange-core does not answer within {@link #SET_UP_SECONDS}
   */
  void setUp(FlowSpec spec) {
    require(
        await(api.submitBinaryDataAsync(new BatchAddSymbolsCommand(CoreFlow.symbols(spec)))),
        "adding symbols");
    List<CompletableFuture<CommandResultCode>> results = new ArrayList<>();
    for (ApiCommand command : CoreFlow.users(spec)) {
      results.add(api.submitCommandAsync(command));
    }
    for (CompletableFuture<CommandResultCode> result : results) {
      require(await(result), "adding users");
    }
  }

  private static CommandResultCode await(CompletableFuture<CommandResultCode> result) {
    try {
      return result.get(SET_UP_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException stuck) {
      throw new StuckStart();
    } catch (ExecutionException failed) {
      throw new IllegalStateException("exchange-core failed a set-up command", failed.getCause());
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while exchange-core set up", interrupted);
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
