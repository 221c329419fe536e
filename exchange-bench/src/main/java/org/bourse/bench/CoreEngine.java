package org.bourse.bench;

import com.lmax.disruptor.dsl.Disruptor;
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
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
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
   * How long setting up may take. It takes well under a second; on this project's 2-core machine
   * exchange-core's pipeline once stopped answering during setup, every processor spinning and none
   * advancing, after dozens of clean starts in the same process.
   */
  static final long SETUP_TIMEOUT_SECONDS = 60;

  /** Engines started before {@link #setUp} gives up on exchange-core hanging. */
  static final int SETUP_ATTEMPTS = 3;

  /** Engines in this process that hung while setting up, were halted and replaced. */
  static final AtomicInteger HUNG_STARTS = new AtomicInteger();

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

  private CoreEngine(CoreSettings settings) {
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
   * Starts an engine and adds the symbols and funded users of a spec; starts another engine if one
   * hangs while setting up (see {@link #SETUP_TIMEOUT_SECONDS}), at most {@link #SETUP_ATTEMPTS}.
   */
  static CoreEngine setUp(CoreSettings settings, FlowSpec spec) {
    for (int attempt = 1; ; attempt++) {
      CoreEngine engine = new CoreEngine(settings);
      try {
        engine.addSymbolsAndUsers(spec);
        return engine;
      } catch (Hung hung) {
        engine.halt();
        HUNG_STARTS.incrementAndGet();
        if (attempt == SETUP_ATTEMPTS) {
          throw new IllegalStateException(
              "exchange-core hung while setting up " + attempt + " times in a row", hung);
        }
        System.err.println(
            "exchange-core: " + hung.getMessage() + "; halted it and starting another");
      }
    }
  }

  /**
   * Adds the symbols and funded users of a spec, waiting for each to succeed.
   *
   * @throws Hung if they are not all answered within {@link #SETUP_TIMEOUT_SECONDS}
   */
  private void addSymbolsAndUsers(FlowSpec spec) throws Hung {
    CommandResultCode symbols =
        await(api.submitBinaryDataAsync(new BatchAddSymbolsCommand(CoreFlow.symbols(spec))));
    require(symbols, "adding symbols");
    List<CompletableFuture<CommandResultCode>> results = new ArrayList<>();
    for (ApiCommand command : CoreFlow.users(spec)) {
      results.add(api.submitCommandAsync(command));
    }
    for (CompletableFuture<CommandResultCode> result : results) {
      require(await(result), "adding users");
    }
  }

  /** exchange-core's pipeline stopped answering. */
  static final class Hung extends Exception {
    private static final long serialVersionUID = 1L;

    Hung(String message) {
      super(message);
    }
  }

  private static CommandResultCode await(CompletableFuture<CommandResultCode> result) throws Hung {
    try {
      return result.get(SETUP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new Hung(
          "exchange-core did not answer a setup command within " + SETUP_TIMEOUT_SECONDS + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while setting up exchange-core", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("exchange-core failed a setup command", e.getCause());
    }
  }

  /**
   * Stops a hung engine's processors. Its orderly shutdown waits for the ring to drain, which a
   * hung pipeline never does, and its spinning threads would take the cores from every later
   * measurement; so this halts its disruptor directly, which exchange-core does not expose.
   */
  private void halt() {
    try {
      Field field = ExchangeCore.class.getDeclaredField("disruptor");
      field.setAccessible(true);
      ((Disruptor<?>) field.get(core)).halt();
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("could not halt a hung exchange-core", e);
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
