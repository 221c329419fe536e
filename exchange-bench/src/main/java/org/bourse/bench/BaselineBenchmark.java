package org.bourse.bench;

import static org.bourse.bench.MatchingBenchmark.ALICE;
import static org.bourse.bench.MatchingBenchmark.BOB;
import static org.bourse.bench.MatchingBenchmark.MID;
import static org.bourse.bench.MatchingBenchmark.SYMBOL;
import static org.bourse.bench.MatchingBenchmark.TIMESTAMP_MS;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bourse.core.Command;
import org.bourse.core.CommandResult;
import org.bourse.core.OrderStatus;
import org.bourse.core.OrderType;
import org.bourse.core.Side;
import org.bourse.core.TimeInForce;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What each {@link MatchingBenchmark} path allocates besides the engine: the same command records
 * and one event-less result record per command, handed to a blackhole so that they are really
 * allocated. A path's {@code gc.alloc.rate.norm} minus its baseline's is the engine's own
 * allocation on that path.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class BaselineBenchmark {
  private long commandId;

  private Command.PlaceOrder limit(long user, Side side, TimeInForce tif, long price, long lots) {
    return new Command.PlaceOrder(
        ++commandId, user, SYMBOL, null, side, OrderType.LIMIT, tif, price, lots, 0, 0, null);
  }

  private CommandResult result() {
    return new CommandResult(
        commandId,
        TIMESTAMP_MS,
        commandId,
        null,
        null,
        commandId,
        OrderStatus.NEW,
        0,
        false,
        List.of());
  }

  /** The add/cancel pair's two commands and two results. */
  @Benchmark
  @OperationsPerInvocation(2)
  public void addCancel(Blackhole blackhole) {
    blackhole.consume(limit(ALICE, Side.BUY, TimeInForce.GTC, MID - 100, 5));
    blackhole.consume(result());
    blackhole.consume(new Command.CancelOrder(++commandId, ALICE, commandId, null));
    blackhole.consume(result());
  }

  /** The match pair's two commands and two results. */
  @Benchmark
  @OperationsPerInvocation(2)
  public void match(Blackhole blackhole) {
    blackhole.consume(limit(ALICE, Side.SELL, TimeInForce.GTC, MID, 5));
    blackhole.consume(result());
    blackhole.consume(limit(BOB, Side.BUY, TimeInForce.IOC, MID, 5));
    blackhole.consume(result());
  }

  /** The amend's command and result. */
  @Benchmark
  public void amend(Blackhole blackhole) {
    blackhole.consume(new Command.AmendOrder(++commandId, ALICE, 1, null, MID - 400, 0));
    blackhole.consume(result());
  }
}
