package org.bourse.bench;

import exchange.core2.core.IEventsHandler;
import exchange.core2.core.SimpleEventsProcessor;
import exchange.core2.core.common.L2MarketData;
import exchange.core2.core.common.api.ApiCommand;
import exchange.core2.core.common.cmd.CommandResultCode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bourse.core.Command;
import org.bourse.core.CommandResult;
import org.bourse.core.Depth;
import org.bourse.core.EventDetail;
import org.bourse.core.Exchange;
import org.bourse.core.ExchangeEvent;

/**
 * The differential check: one flow through Bourse's synchronous engine and through exchange-core,
 * then a comparison of what matters to a trader: whether each command was accepted, the trade tape
 * (maker, taker, price, quantity, in order) and the final aggregated book of every symbol (price,
 * quantity and number of orders per level). The generator's own reference book gives a third tape,
 * so that when the engines disagree the report says which one differs from the plain reference.
 *
 * <p>It is meant for flows of GTC and IOC limit orders and cancels ({@link Mix#LIMIT_CANCEL}),
 * where the two engines promise the same behaviour. Other mixes run too and show where the amend
 * semantics differ, but only the limit/cancel flow is a pass/fail check.
 */
final class Differential {
  private static final int MAX_LISTED = 10;

  private Differential() {}

  /** The outcome: the counts on both sides and every difference found (empty when they agree). */
  record Report(
      FlowSpec spec,
      int commands,
      long bourseTrades,
      long coreTrades,
      long referenceTrades,
      long bourseRejects,
      long coreRejects,
      int bookLevels,
      List<String> differences) {

    boolean passed() {
      return differences.isEmpty();
    }
  }

  /** What one engine did with a flow, in engine-neutral terms. */
  private static final class Outcome {
    final boolean[] accepted;
    final String[] reason;
    long[] tape = new long[4096];
    int tapeLength;
    final List<long[]> books = new ArrayList<>();

    Outcome(int size) {
      accepted = new boolean[size];
      reason = new String[size];
    }

    void trade(long maker, long taker, long price, long lots) {
      if (tapeLength + 4 > tape.length) {
        tape = Arrays.copyOf(tape, tape.length * 2);
      }
      tape[tapeLength++] = maker;
      tape[tapeLength++] = taker;
      tape[tapeLength++] = price;
      tape[tapeLength++] = lots;
    }

    long rejects() {
      long n = 0;
      for (boolean a : accepted) {
        n += a ? 0 : 1;
      }
      return n;
    }
  }

  /** Generates the flow of {@code spec} and compares the engines on it. */
  static Report run(FlowSpec spec, CoreSettings settings) {
    OrderFlow flow = FlowGenerator.generate(spec);
    Outcome bourse = runBourse(flow);
    Outcome core = runCore(flow, settings);
    List<String> differences = new ArrayList<>();
    compareOutcomes(flow, bourse, core, differences);
    compareTapes(flow, bourse, core, differences);
    compareBooks(flow, bourse, core, differences);
    int levels = 0;
    for (long[] book : bourse.books) {
      levels += book.length / 3;
    }
    return new Report(
        spec,
        flow.size,
        bourse.tapeLength / 4,
        core.tapeLength / 4,
        flow.referenceTrades(),
        bourse.rejects(),
        core.rejects(),
        levels,
        differences);
  }

  private static Outcome runBourse(OrderFlow flow) {
    Exchange exchange = Exchange.create(BourseFlow.config(EventDetail.ORDERS));
    for (Command command : BourseFlow.setup(flow.spec)) {
      if (!exchange.apply(BourseSyncDriver.TIMESTAMP_MS, command).accepted()) {
        throw new IllegalStateException("setup refused: " + command);
      }
    }
    Outcome out = new Outcome(flow.size);
    // Bourse numbers orders itself; map its ids back to the flow's handles from the results.
    long[] handleOfId = new long[flow.size + 2];
    long firstId = BourseFlow.setupSize(flow.spec) + 1L;
    for (int i = 0; i < flow.size; i++) {
      CommandResult result =
          exchange.apply(BourseSyncDriver.TIMESTAMP_MS, BourseFlow.command(flow, i, firstId + i));
      out.accepted[i] = result.accepted();
      out.reason[i] = result.accepted() ? null : result.rejectReason().name();
      if (result.accepted() && flow.isPlace(i)) {
        handleOfId[(int) result.orderId()] = flow.handle[i];
      }
      for (ExchangeEvent event : result.events()) {
        if (event instanceof ExchangeEvent.Trade t) {
          out.trade(
              handleOfId[(int) t.makerOrderId()],
              handleOfId[(int) t.takerOrderId()],
              t.priceTicks(),
              t.quantityLots());
        }
      }
    }
    exchange.verify();
    for (int s = 1; s <= flow.spec.symbols(); s++) {
      out.books.add(levels(exchange.depth(s, Integer.MAX_VALUE)));
    }
    return out;
  }

  /** Bids then asks, best first, as {price, lots, orders} triples; a marker separates the sides. */
  private static long[] levels(Depth depth) {
    long[] out = new long[(depth.bids().size() + depth.asks().size() + 1) * 3];
    int i = 0;
    for (Depth.Level level : depth.bids()) {
      out[i++] = level.priceTicks();
      out[i++] = level.quantityLots();
      out[i++] = level.orders();
    }
    out[i++] = -1;
    out[i++] = -1;
    out[i++] = -1;
    for (Depth.Level level : depth.asks()) {
      out[i++] = level.priceTicks();
      out[i++] = level.quantityLots();
      out[i++] = level.orders();
    }
    return out;
  }

  private static long[] levels(L2MarketData data) {
    long[] out = new long[(data.bidSize + data.askSize + 1) * 3];
    int i = 0;
    for (int k = 0; k < data.bidSize; k++) {
      out[i++] = data.bidPrices[k];
      out[i++] = data.bidVolumes[k];
      out[i++] = data.bidOrders[k];
    }
    out[i++] = -1;
    out[i++] = -1;
    out[i++] = -1;
    for (int k = 0; k < data.askSize; k++) {
      out[i++] = data.askPrices[k];
      out[i++] = data.askVolumes[k];
      out[i++] = data.askOrders[k];
    }
    return out;
  }

  private static Outcome runCore(OrderFlow flow, CoreSettings settings) {
    Outcome out = new Outcome(flow.size);
    try (CoreEngine engine = CoreEngine.setUp(settings, flow.spec)) {
      int[] next = {0};
      IEventsHandler handler =
          new IEventsHandler() {
            @Override
            public void commandResult(ApiCommandResult result) {
              int i = next[0]++;
              out.accepted[i] = result.resultCode == CommandResultCode.SUCCESS;
              out.reason[i] = out.accepted[i] ? null : result.resultCode.name();
            }

            @Override
            public void tradeEvent(TradeEvent event) {
              for (Trade t : event.trades) {
                out.trade(t.makerOrderId, event.takerOrderId, t.price, t.volume);
              }
            }

            @Override
            public void rejectEvent(RejectEvent event) {
              // An IOC's unfilled rest: not a refusal of the command, and no trade.
            }

            @Override
            public void reduceEvent(ReduceEvent event) {
              // Cancels and reductions change the book, which is compared at the end.
            }

            @Override
            public void orderBook(OrderBook book) {
              // Not requested.
            }
          };
      engine.tally().tap = new SimpleEventsProcessor(handler);
      long target = engine.tally().done + flow.size;
      for (ApiCommand command : CoreFlow.commands(flow)) {
        engine.api().submitCommand(command);
      }
      engine.awaitDone(target);
      engine.tally().tap = null;
      for (int s = 1; s <= flow.spec.symbols(); s++) {
        out.books.add(levels(engine.book(s)));
      }
    }
    return out;
  }

  private static void compareOutcomes(
      OrderFlow flow, Outcome bourse, Outcome core, List<String> differences) {
    int listed = 0;
    int total = 0;
    for (int i = 0; i < flow.size; i++) {
      if (bourse.accepted[i] != core.accepted[i]) {
        total++;
        if (listed++ < MAX_LISTED) {
          differences.add(
              "command "
                  + i
                  + " ("
                  + describe(flow, i)
                  + "): Bourse "
                  + (bourse.accepted[i] ? "accepted" : "refused " + bourse.reason[i])
                  + ", exchange-core "
                  + (core.accepted[i] ? "accepted" : "refused " + core.reason[i]));
        }
      }
    }
    if (total > MAX_LISTED) {
      differences.add("… " + (total - MAX_LISTED) + " more commands accepted by one engine only");
    }
  }

  private static void compareTapes(
      OrderFlow flow, Outcome bourse, Outcome core, List<String> differences) {
    long[] reference = flow.tape;
    int n = Math.min(bourse.tapeLength, core.tapeLength);
    for (int i = 0; i < n; i += 4) {
      if (!Arrays.equals(bourse.tape, i, i + 4, core.tape, i, i + 4)) {
        String ref =
            i + 4 <= reference.length
                ? trade(reference, i)
                    + (Arrays.equals(reference, i, i + 4, bourse.tape, i, i + 4)
                        ? " (matches Bourse)"
                        : Arrays.equals(reference, i, i + 4, core.tape, i, i + 4)
                            ? " (matches exchange-core)"
                            : " (matches neither)")
                : "none";
        differences.add(
            "trade "
                + i / 4
                + " differs: Bourse "
                + trade(bourse.tape, i)
                + ", exchange-core "
                + trade(core.tape, i)
                + ", reference book "
                + ref);
        return;
      }
    }
    if (bourse.tapeLength != core.tapeLength) {
      differences.add(
          "trade counts differ: Bourse "
              + bourse.tapeLength / 4
              + ", exchange-core "
              + core.tapeLength / 4
              + ", reference book "
              + reference.length / 4);
    }
  }

  private static String trade(long[] tape, int i) {
    return "[maker "
        + tape[i]
        + ", taker "
        + tape[i + 1]
        + ", price "
        + tape[i + 2]
        + ", lots "
        + tape[i + 3]
        + "]";
  }

  private static void compareBooks(
      OrderFlow flow, Outcome bourse, Outcome core, List<String> differences) {
    for (int s = 0; s < flow.spec.symbols(); s++) {
      long[] a = bourse.books.get(s);
      long[] b = core.books.get(s);
      if (!Arrays.equals(a, b)) {
        int mismatch = Arrays.mismatch(a, b) / 3 * 3;
        differences.add(
            "final book of symbol "
                + (s + 1)
                + " differs at level entry "
                + mismatch / 3
                + ": Bourse "
                + level(a, mismatch)
                + ", exchange-core "
                + level(b, mismatch));
      }
    }
  }

  private static String level(long[] book, int i) {
    if (i + 3 > book.length) {
      return "none";
    }
    if (book[i] == -1) {
      return "end of bids";
    }
    return "[price " + book[i] + ", lots " + book[i + 1] + ", orders " + book[i + 2] + "]";
  }

  /** A flow command in words, e.g. "GTC buy 12 @ 100010, user 7, order 431". */
  static String describe(OrderFlow flow, int i) {
    String order = "order " + flow.handle[i] + ", user " + flow.user[i];
    switch (flow.kind[i]) {
      case OrderFlow.GTC:
      case OrderFlow.IOC:
        return (flow.kind[i] == OrderFlow.GTC ? "GTC " : "IOC ")
            + (flow.buy[i] ? "buy " : "sell ")
            + flow.lots[i]
            + " @ "
            + flow.price[i]
            + ", "
            + order;
      case OrderFlow.CANCEL:
        return "cancel " + order;
      case OrderFlow.MOVE:
        return "move " + order + " to " + flow.price[i];
      case OrderFlow.REDUCE:
        return "reduce " + order + " by " + flow.lots[i];
      default:
        return "unknown";
    }
  }
}
