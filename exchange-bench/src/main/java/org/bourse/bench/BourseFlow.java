package org.bourse.bench;

import java.util.ArrayList;
import java.util.List;
import org.bourse.core.Command;
import org.bourse.core.EventDetail;
import org.bourse.core.ExchangeConfig;
import org.bourse.core.InstrumentSpec;
import org.bourse.core.OrderType;
import org.bourse.core.SelfTradePrevention;
import org.bourse.core.Side;
import org.bourse.core.TimeInForce;

/**
 * Translates an {@link OrderFlow} into Bourse commands.
 *
 * <p>Units: one tick is one quote unit and one lot one base unit (both assets have scale 0, tick
 * and lot size 1), which is exactly exchange-core's model with {@code baseScaleK = quoteScaleK =
 * 1}. Fees are zero (a new engine's schedule is {@code FeeSchedule.FREE}), and the instruments'
 * default self-trade prevention is NONE because exchange-core has no self-trade prevention and lets
 * a user's orders trade with each other.
 *
 * <p>Command ids: the setup commands take 1..{@link #setupSize}, flow command {@code i} takes
 * {@code setupSize + 1 + i}.
 */
final class BourseFlow {
  static final int BASE_ASSET = 1;
  static final int QUOTE_ASSET = 2;

  private BourseFlow() {}

  /** The engine bounds used for every Bourse run: room for a million resting orders and more. */
  static ExchangeConfig config(EventDetail detail) {
    return ExchangeConfig.defaults()
        .withEventDetail(detail)
        .withOrderBounds(1_000_000, 4_000_000, 10_000);
  }

  /** The instrument of a symbol: ticks and lots of one unit, STP off. */
  static InstrumentSpec instrument(int symbol) {
    return InstrumentSpec.of(
            symbol,
            "S" + symbol,
            BASE_ASSET,
            QUOTE_ASSET,
            "1",
            "1",
            "1",
            Long.toString(FlowSpec.MAX_ORDER_LOTS * 1_000),
            Long.toString(FlowSpec.MAX_ORDER_PRICE_TICKS * 10))
        .withDefaultSelfTradePrevention(SelfTradePrevention.NONE);
  }

  /** Assets, instruments, users and their deposits. */
  static List<Command> setup(FlowSpec spec) {
    List<Command> commands = new ArrayList<>();
    long id = 1;
    commands.add(new Command.DefineAsset(id++, BASE_ASSET, "BASE", 0));
    commands.add(new Command.DefineAsset(id++, QUOTE_ASSET, "QUOTE", 0));
    for (int s = 1; s <= spec.symbols(); s++) {
      commands.add(new Command.DefineInstrument(id++, instrument(s)));
    }
    for (long u = 1; u <= spec.users(); u++) {
      commands.add(new Command.AddUser(id++, u));
      commands.add(new Command.Deposit(id++, u, BASE_ASSET, OrderFlow.BASE_FUNDING));
      commands.add(new Command.Deposit(id++, u, QUOTE_ASSET, OrderFlow.QUOTE_FUNDING));
    }
    return commands;
  }

  /** How many setup commands {@link #setup} makes. */
  static int setupSize(FlowSpec spec) {
    return 2 + spec.symbols() + 3 * spec.users();
  }

  /** All flow commands, built before a measurement so that building them is not measured. */
  static Command[] commands(OrderFlow flow) {
    Command[] commands = new Command[flow.size];
    long firstId = setupSize(flow.spec) + 1L;
    for (int i = 0; i < flow.size; i++) {
      commands[i] = command(flow, i, firstId + i);
    }
    return commands;
  }

  /** Flow command {@code i} with a command id. */
  static Command command(OrderFlow flow, int i, long commandId) {
    long user = flow.user[i];
    long orderId = flow.handle[i];
    switch (flow.kind[i]) {
      case OrderFlow.GTC:
      case OrderFlow.IOC:
        return new Command.PlaceOrder(
            commandId,
            user,
            flow.symbol[i],
            null,
            flow.buy[i] ? Side.BUY : Side.SELL,
            OrderType.LIMIT,
            flow.kind[i] == OrderFlow.GTC ? TimeInForce.GTC : TimeInForce.IOC,
            flow.price[i],
            flow.lots[i],
            0,
            0,
            null);
      case OrderFlow.CANCEL:
        return new Command.CancelOrder(commandId, user, orderId, null);
      case OrderFlow.MOVE:
        return new Command.AmendOrder(commandId, user, orderId, null, flow.price[i], 0);
      case OrderFlow.REDUCE:
        return new Command.AmendOrder(commandId, user, orderId, null, 0, flow.newTotalLots[i]);
      default:
        throw new IllegalStateException("unknown kind " + flow.kind[i]);
    }
  }
}
