package org.bourse.bench;

import java.util.List;
import org.bourse.core.Command;
import org.bourse.core.CommandResult;
import org.bourse.core.EventDetail;
import org.bourse.core.Exchange;
import org.bourse.core.ExchangeEvent;

/**
 * Bourse's synchronous engine: the calling thread applies each command and gets its result back,
 * with no queue, thread hand-off or journal. The upper bound of what the engine itself can do.
 */
final class BourseSyncDriver implements EngineDriver {
  /** The engine reads no clock; any non-decreasing timestamp will do. */
  static final long TIMESTAMP_MS = 1_700_000_000_000L;

  private final EventDetail detail;
  private final String name;
  private Exchange exchange;
  private OrderFlow flow;
  private Command[] commands;
  private RunCounters counters = new RunCounters();

  /**
   * The last result, kept so that every result really exists: a caller keeps its results, and
   * without this the compiler may elide the ones the loop only reads, flattering the engine.
   */
  private CommandResult lastResult;

  BourseSyncDriver(EventDetail detail) {
    this(detail, "Bourse sync");
  }

  /** A sync engine reported under another name: the same engine at another event detail. */
  BourseSyncDriver(EventDetail detail, String name) {
    this.detail = detail;
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void load(OrderFlow orderFlow) {
    this.flow = orderFlow;
    this.exchange = Exchange.create(BourseFlow.config(detail));
    for (Command command : BourseFlow.setup(orderFlow.spec)) {
      CommandResult result = exchange.apply(TIMESTAMP_MS, command);
      if (!result.accepted()) {
        throw new IllegalStateException("setup refused: " + command + " -> " + result);
      }
    }
    this.commands = BourseFlow.commands(orderFlow);
    RunCounters fill = new RunCounters();
    for (int i = 0; i < orderFlow.fillCount; i++) {
      account(orderFlow, fill, exchange.apply(TIMESTAMP_MS, commands[i]), i);
    }
    BourseRuntimeDriver.requireCleanFill(name(), fill);
    counters = new RunCounters();
  }

  /** The engine, for queries after a run. */
  Exchange exchange() {
    return exchange;
  }

  @Override
  public long runAll(int from, int to) {
    Exchange engine = exchange;
    Command[] cmds = commands;
    OrderFlow f = flow;
    RunCounters c = counters;
    long start = System.nanoTime();
    for (int i = from; i < to; i++) {
      CommandResult result = engine.apply(TIMESTAMP_MS, cmds[i]);
      lastResult = result;
      account(f, c, result, i);
    }
    return System.nanoTime() - start;
  }

  @Override
  public void runScheduled(
      int from, int to, double intervalNs, long[] scheduledNs, long[] submittedNs, long[] done) {
    throw new UnsupportedOperationException("the synchronous engine has no queue to schedule into");
  }

  /**
   * Counts the result of flow command {@code i}: refusals, trades, and whether a place got the
   * order id the flow predicts.
   */
  static void account(OrderFlow flow, RunCounters c, CommandResult result, int i) {
    c.commands++;
    if (!result.accepted()) {
      c.reject(result.rejectReason().name());
    } else if (flow.isPlace(i) && result.orderId() != flow.handle[i]) {
      c.idMismatches++;
    }
    c.trades += trades(result);
  }

  /** How many trade events a result carries (0 when the event detail has none). */
  static int trades(CommandResult result) {
    int n = 0;
    List<ExchangeEvent> events = result.events();
    for (int e = 0; e < events.size(); e++) {
      n += events.get(e) instanceof ExchangeEvent.Trade ? 1 : 0;
    }
    return n;
  }

  @Override
  public RunCounters counters() {
    return counters;
  }

  @Override
  public void close() {
    exchange = null;
    commands = null;
    lastResult = null;
  }
}
