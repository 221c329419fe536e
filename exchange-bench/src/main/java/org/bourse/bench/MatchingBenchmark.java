package org.bourse.bench;

import java.util.concurrent.TimeUnit;
import org.bourse.core.Command;
import org.bourse.core.CommandResult;
import org.bourse.core.EventDetail;
import org.bourse.core.Exchange;
import org.bourse.core.OrderType;
import org.bourse.core.Side;
import org.bourse.core.TimeInForce;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The hot paths of Bourse's synchronous engine, per command, on a book of 1,000 resting orders: add
 * and cancel, a match, and a price amend. Run with {@code -prof gc}: {@code gc.alloc.rate.norm} is
 * the bytes allocated per command. Each benchmark builds its command records (command ids must be
 * new, or the idempotency memory answers instead of the engine) and the engine returns a result
 * record; {@link #baseline} allocates exactly those objects without the engine, so a path's bytes
 * minus the baseline's is what the engine itself allocates, which should be 0 with event detail
 * NONE. With ORDERS the result also carries its event records (order updates and trades), which are
 * result objects too.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MatchingBenchmark {
  static final long TIMESTAMP_MS = 1_700_000_000_000L;
  static final int SYMBOL = 1;
  static final long ALICE = 1;
  static final long BOB = 2;
  static final long MID = 100_000;

  /** Which events results carry: NONE or ORDERS. */
  @Param({"NONE", "ORDERS"})
  public String detail;

  private Exchange exchange;
  private long commandId;
  private long amendOrderId;
  private boolean amendHigh;
  private boolean makerSells;

  /** A fresh engine with two funded users and 500 resting orders a side, away from the middle. */
  @Setup(Level.Trial)
  public void setUp() {
    FlowSpec spec = new FlowSpec(Mix.LIMIT_CANCEL, 1, 2, 2, 0, 1);
    exchange = Exchange.create(BourseFlow.config(EventDetail.valueOf(detail)));
    for (Command command : BourseFlow.setup(spec)) {
      exchange.apply(TIMESTAMP_MS, command);
    }
    commandId = BourseFlow.setupSize(spec);
    for (int k = 0; k < 500; k++) {
      apply(limit(ALICE, Side.BUY, TimeInForce.GTC, MID - 1_000 - k, 10));
      apply(limit(BOB, Side.SELL, TimeInForce.GTC, MID + 1_000 + k, 10));
    }
    amendOrderId = apply(limit(ALICE, Side.BUY, TimeInForce.GTC, MID - 500, 10)).orderId();
  }

  private CommandResult apply(Command command) {
    CommandResult result = exchange.apply(TIMESTAMP_MS, command);
    if (!result.accepted()) {
      throw new IllegalStateException("benchmark command refused: " + result);
    }
    return result;
  }

  private Command.PlaceOrder limit(
      long user, Side side, TimeInForce tif, long priceTicks, long lots) {
    return new Command.PlaceOrder(
        ++commandId, user, SYMBOL, null, side, OrderType.LIMIT, tif, priceTicks, lots, 0, 0, null);
  }

  /** A GTC order that rests inside the spread, then its cancel: the add and cancel paths. */
  @Benchmark
  @OperationsPerInvocation(2)
  public void addCancel(Blackhole blackhole) {
    CommandResult placed = apply(blackhole, limit(ALICE, Side.BUY, TimeInForce.GTC, MID - 100, 5));
    apply(blackhole, new Command.CancelOrder(++commandId, ALICE, placed.orderId(), null));
  }

  /**
   * A GTC maker at the middle, then an IOC taker of the other user that fills it completely: the
   * match path with one trade. Sides alternate so that balances swing back and forth.
   */
  @Benchmark
  @OperationsPerInvocation(2)
  public void match(Blackhole blackhole) {
    makerSells = !makerSells;
    Side makerSide = makerSells ? Side.SELL : Side.BUY;
    apply(blackhole, limit(ALICE, makerSide, TimeInForce.GTC, MID, 5));
    apply(blackhole, limit(BOB, makerSide.opposite(), TimeInForce.IOC, MID, 5));
  }

  /** Moves one resting order between two prices: the amend (cancel-replace) path. */
  @Benchmark
  public void amend(Blackhole blackhole) {
    amendHigh = !amendHigh;
    long price = amendHigh ? MID - 400 : MID - 500;
    apply(blackhole, new Command.AmendOrder(++commandId, ALICE, amendOrderId, null, price, 0));
  }

  /**
   * Applies a command, handing the command and its result to the blackhole, as a caller would keep
   * them: otherwise the compiler may elide a record nobody reads, on some runs and not others, and
   * the bytes per command would drop below the baseline's, which always allocates them.
   */
  private CommandResult apply(Blackhole blackhole, Command command) {
    blackhole.consume(command);
    CommandResult result = exchange.apply(TIMESTAMP_MS, command);
    blackhole.consume(result);
    return result;
  }
}
