package org.bourse.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.bourse.core.Command;
import org.bourse.core.CommandResult;
import org.bourse.core.Exchange;
import org.bourse.core.InstrumentSpec;
import org.bourse.core.OrderState;
import org.bourse.core.OrderStatus;
import org.bourse.core.SelfTradePrevention;
import org.bourse.core.Side;
import org.junit.jupiter.api.Test;

class EngineBugReproductionTest {
  private static final long T0 = 1_700_000_000_000L;
  private final Exchange exchange = Exchange.create();
  private long commandId = 1;

  private CommandResult apply(Command command) {
    return exchange.apply(T0 + commandId, command);
  }

  private long id() {
    return commandId++;
  }

  private void market(SelfTradePrevention defaultStp) {
    apply(new Command.DefineAsset(id(), 1, "USD", 2));
    apply(new Command.DefineAsset(id(), 2, "ABC", 0));
    apply(
        new Command.DefineInstrument(
            id(),
            InstrumentSpec.of(1, "ABCUSD", 2, 1, "1", "1", "1", "1000", "10000")
                .withDefaultSelfTradePrevention(defaultStp)));
    for (long user = 1; user <= 2; user++) {
      apply(new Command.AddUser(id(), user));
      apply(new Command.Deposit(id(), user, 1, 1_000_000));
      apply(new Command.Deposit(id(), user, 2, 1_000));
    }
  }

  @Test
  void shouldLeaveOwnRestingOrderAloneWhenMarketSellByQuoteIsUsedUpOnAnotherMaker() {
    market(SelfTradePrevention.EXPIRE_BOTH);
    CommandResult theirs = apply(Command.PlaceOrder.limit(id(), 2, 1, Side.BUY, 100, 10));
    CommandResult mine = apply(Command.PlaceOrder.limit(id(), 1, 1, Side.BUY, 100, 5));
    // 3.5 lots' worth at 100 (1 lot = 100 USD = 10,000 cents): 3 lots trade with user 2's order.
    CommandResult sell = apply(Command.PlaceOrder.marketQuote(id(), 1, 1, Side.SELL, 35_000));
    System.out.println(sell);
    assertEquals(OrderStatus.FILLED, sell.orderStatus());
    assertEquals(
        List.of(mine.orderId()), exchange.openOrders(1).stream().map(OrderState::orderId).toList());
  }
}
