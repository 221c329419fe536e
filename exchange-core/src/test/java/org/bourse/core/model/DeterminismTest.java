package org.bourse.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.bourse.core.Command;
import org.bourse.core.CommandResult;
import org.bourse.core.EventDetail;
import org.bourse.core.Exchange;
import org.bourse.core.ExchangeConfig;
import org.bourse.core.ExchangeEvent;
import org.bourse.core.FeeRates;
import org.bourse.core.InstrumentStatus;
import org.bourse.core.OrderType;
import org.bourse.core.Side;
import org.bourse.core.TimeInForce;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The engine is a deterministic state machine (DESIGN.md): the same command log yields the same
 * results, events and {@link Exchange#stateHash()}, and a different log a different hash.
 *
 * <p>The logs come from {@link FlowGenerator}, a tenth of {@code model.commands} long (at least
 * 20,000), so they reach every kind of command and state the model-based test does.
 */
class DeterminismTest {
  private static final long SEED = 0xD37E_4A11L;
  private static final int COMMANDS =
      Math.max(20_000, Integer.getInteger("model.commands", 1_000_000) / 10);
  // Far below any price the flow reaches, so an order placed there rests and never trades.
  private static final long FAR_BID_TICKS = 1_000;
  // No minimum notional, so a one-lot order far from the market is accepted.
  private static final int ETHBTC = 2;
  // Not one of the flow's users, so the probes start from a known, funded account.
  private static final long PROBE_USER = 42;

  private static List<FlowGenerator.Step> flow;

  @BeforeAll
  static void generateFlow() {
    flow = FlowGenerator.generate(SEED, COMMANDS);
  }

  private static Exchange replay(List<FlowGenerator.Step> steps, EventDetail detail) {
    return replay(steps, FlowGenerator.config(detail));
  }

  private static Exchange replay(List<FlowGenerator.Step> steps, ExchangeConfig config) {
    Exchange exchange = Exchange.create(config);
    for (FlowGenerator.Step step : steps) {
      exchange.apply(step.timestampMs(), step.command());
    }
    return exchange;
  }

  @Test
  void shouldProduceIdenticalResultsEventsAndStateHashWhenTheSameCommandsAreReplayed() {
    // given
    Exchange first = Exchange.create(FlowGenerator.config(EventDetail.FULL));
    Exchange second = Exchange.create(FlowGenerator.config(EventDetail.FULL));

    // when / then: every result, with all its events, is equal, and so are the hashes on the way
    for (int i = 0; i < flow.size(); i++) {
      FlowGenerator.Step step = flow.get(i);
      CommandResult a = first.apply(step.timestampMs(), step.command());
      CommandResult b = second.apply(step.timestampMs(), step.command());
      int index = i;
      assertEquals(a, b, () -> "command #" + index + ": " + step.command());
      if (i % 5_000 == 0) {
        assertEquals(first.stateHash(), second.stateHash(), () -> "state hash at #" + index);
      }
    }
    assertEquals(first.stateHash(), second.stateHash());
    assertEquals(first.ledgerHash(), second.ledgerHash());
  }

  @Test
  void shouldProduceADifferentStateHashForADifferentCommandList() {
    // given
    List<FlowGenerator.Step> other = FlowGenerator.generate(SEED + 1, COMMANDS);

    // when
    long hash = replay(flow, EventDetail.NONE).stateHash();
    long otherHash = replay(other, EventDetail.NONE).stateHash();

    // then
    assertNotEquals(hash, otherHash);
  }

  @Test
  void shouldReachTheSameStateWhateverEventDetailIsConfigured() {
    // given: which events are built is an output option, not state
    Exchange full = Exchange.create(FlowGenerator.config(EventDetail.FULL));
    Exchange orders = Exchange.create(FlowGenerator.config(EventDetail.ORDERS));
    Exchange trades = Exchange.create(FlowGenerator.config(EventDetail.TRADES));
    Exchange none = Exchange.create(FlowGenerator.config(EventDetail.NONE));
    long tradeCount = 0;

    // when / then
    for (int i = 0; i < flow.size(); i++) {
      FlowGenerator.Step step = flow.get(i);
      CommandResult a = full.apply(step.timestampMs(), step.command());
      CommandResult b = orders.apply(step.timestampMs(), step.command());
      CommandResult c = none.apply(step.timestampMs(), step.command());
      CommandResult d = trades.apply(step.timestampMs(), step.command());
      int index = i;
      assertEquals(withoutEvents(a), withoutEvents(b), () -> "command #" + index);
      assertEquals(withoutEvents(a), withoutEvents(c), () -> "command #" + index);
      assertEquals(withoutEvents(a), withoutEvents(d), () -> "command #" + index);
      // TRADES carries exactly the trades, in the order FULL reports them, and nothing else.
      List<ExchangeEvent> fullTrades =
          a.events().stream().filter(e -> e instanceof ExchangeEvent.Trade).toList();
      assertEquals(fullTrades, d.events(), () -> "events of command #" + index);
      tradeCount += fullTrades.size();
    }
    assertTrue(tradeCount > 100, "the flow trades: " + tradeCount);
    assertEquals(full.stateHash(), orders.stateHash());
    assertEquals(full.stateHash(), trades.stateHash());
    assertEquals(full.stateHash(), none.stateHash());
    assertEquals(full.ledgerHash(), none.ledgerHash());
  }

  private static CommandResult withoutEvents(CommandResult r) {
    return new CommandResult(
        r.sequence(),
        r.timestampMs(),
        r.commandId(),
        r.rejectReason(),
        r.rejectMessage(),
        r.orderId(),
        r.orderStatus(),
        r.withdrawalId(),
        r.duplicate(),
        List.of());
  }

  /**
   * Pairs of accepted commands with the same id that differ only in the state they leave behind.
   * Sequence, idempotency memory and ids are then equal, so only the hash of that one piece of
   * state can tell the two engines apart.
   */
  static Stream<Arguments> oneDifference() {
    long user = PROBE_USER;
    long id = 1L << 40;
    return Stream.of(
        Arguments.of(
            "assigned fee tier",
            new Command.AssignFeeTier(id, user, 1),
            new Command.AssignFeeTier(id, user, 2)),
        Arguments.of(
            "instrument fee override",
            new Command.SetInstrumentFees(id, 2, new FeeRates(0, 500)),
            new Command.SetInstrumentFees(id, 2, new FeeRates(0, 501))),
        Arguments.of(
            "instrument status",
            new Command.SetInstrumentStatus(id, 1, InstrumentStatus.HALTED),
            new Command.SetInstrumentStatus(id, 2, InstrumentStatus.HALTED)),
        Arguments.of(
            "fee schedule",
            new Command.SetFeeSchedule(id, FlowGenerator.schedule(1)),
            new Command.SetFeeSchedule(id, FlowGenerator.schedule(2))),
        Arguments.of(
            "one minor unit of a balance",
            new Command.Deposit(id, user, FlowGenerator.USDT, 1),
            new Command.Deposit(id, user, FlowGenerator.USDT, 2)),
        Arguments.of(
            "price of a resting order",
            Command.PlaceOrder.limit(id, user, ETHBTC, Side.BUY, FAR_BID_TICKS, 1),
            Command.PlaceOrder.limit(id, user, ETHBTC, Side.BUY, FAR_BID_TICKS - 1, 1)),
        Arguments.of(
            "client order id of a resting order",
            Command.PlaceOrder.limit(id, user, ETHBTC, Side.BUY, FAR_BID_TICKS, 1)
                .withClientOrderId("a"),
            Command.PlaceOrder.limit(id, user, ETHBTC, Side.BUY, FAR_BID_TICKS, 1)
                .withClientOrderId("b")),
        Arguments.of("stop price of a waiting stop", stopSell(id, user, 2), stopSell(id, user, 3)),
        Arguments.of(
            "amount of a pending withdrawal",
            new Command.RequestWithdrawal(id, user, FlowGenerator.USDT, 1),
            new Command.RequestWithdrawal(id, user, FlowGenerator.USDT, 2)));
  }

  private static Command stopSell(long id, long user, long stopPriceTicks) {
    return new Command.PlaceOrder(
        id,
        user,
        ETHBTC,
        null,
        Side.SELL,
        OrderType.STOP_LOSS,
        TimeInForce.IOC,
        0,
        1,
        0,
        stopPriceTicks,
        null);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("oneDifference")
  void shouldProduceADifferentStateHashWhenOnePieceOfStateDiffers(
      String what, Command one, Command other) {
    // given: the same busy exchange twice, with a funded user, every book trading and bounds
    // wide enough that the probe is accepted
    List<FlowGenerator.Step> base = new ArrayList<>(flow.subList(0, 20_000));
    long timestampMs = base.get(base.size() - 1).timestampMs() + 1;
    long commandId = 1L << 39;
    base.add(new FlowGenerator.Step(timestampMs, new Command.AddUser(commandId++, PROBE_USER)));
    for (int asset = FlowGenerator.USDT; asset <= FlowGenerator.SOL; asset++) {
      base.add(
          new FlowGenerator.Step(
              timestampMs, new Command.Deposit(commandId++, PROBE_USER, asset, 1_000_000_000L)));
    }
    for (int instrument = 1; instrument <= 4; instrument++) {
      base.add(
          new FlowGenerator.Step(
              timestampMs,
              new Command.SetInstrumentStatus(commandId++, instrument, InstrumentStatus.TRADING)));
    }
    ExchangeConfig roomy =
        FlowGenerator.config(EventDetail.NONE)
            .withOrderBounds(16, 100_000, 1_000)
            .withUserBounds(250, 1_000);
    Exchange a = replay(base, roomy);
    Exchange b = replay(base, roomy);
    assertEquals(a.stateHash(), b.stateHash());

    // when
    CommandResult resultA = a.apply(timestampMs, one);
    CommandResult resultB = b.apply(timestampMs, other);

    // then
    assertNull(resultA.rejectReason(), resultA::toString);
    assertNull(resultB.rejectReason(), resultB::toString);
    assertEquals(resultA.orderStatus(), resultB.orderStatus());
    assertNotEquals(a.stateHash(), b.stateHash(), what);
  }
}
