package org.bourse.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Edge cases found in review: each test failed before its fix. */
class EngineEdgeCaseTest {
  private static final long T0 = 1_700_000_000_000L;
  private final Exchange exchange = Exchange.create();
  private long id = 1;

  private CommandResult apply(Command command) {
    return exchange.apply(T0, command);
  }

  /** ABC (scale 0) in USD (scale 0): tick 1, lot 1; users 1 and 2 funded. */
  private void givenMarket(FeeRates fees) {
    apply(new Command.DefineAsset(id++, 1, "USD", 0));
    apply(new Command.DefineAsset(id++, 2, "ABC", 0));
    assertNull(
        apply(
                new Command.DefineInstrument(
                    id++,
                    InstrumentSpec.of(1, "ABCUSD", 2, 1, "1", "1", "1", "1000000", "1000000")
                        .withDefaultSelfTradePrevention(SelfTradePrevention.NONE)))
            .rejectReason());
    apply(new Command.SetFeeSchedule(id++, new FeeSchedule(0, List.of(new FeeTier(0, fees)))));
    for (long user = 1; user <= 2; user++) {
      apply(new Command.AddUser(id++, user));
      apply(new Command.Deposit(id++, user, 1, 1_000_000));
      apply(new Command.Deposit(id++, user, 2, 1_000_000));
    }
  }

  @Test
  void shouldNeverAskForMoreMoneyWhenABuyIsReduced() {
    // given: 30% fees, a 10-lot buy at 1 that filled 1 lot as taker and 1 as maker; rounding up
    // on each fill left it holding less than a fresh hold for 8 lots would take
    givenMarket(new FeeRates(300_000, 300_000));
    apply(Command.PlaceOrder.limit(id++, 2, 1, Side.SELL, 1, 1));
    long buy = apply(Command.PlaceOrder.limit(id++, 1, 1, Side.BUY, 1, 10)).orderId();
    apply(Command.PlaceOrder.limit(id++, 2, 1, Side.SELL, 1, 1));
    apply(new Command.Transfer(id++, 1, 2, 1, exchange.balance(1, 1).available()));

    // when: the buyer, with nothing available, cuts the order to 9 lots
    CommandResult amend = apply(new Command.AmendOrder(id++, 1, buy, null, 0, 9));

    // then
    assertNull(amend.rejectReason(), amend::toString);
    exchange.verify();
  }

  @Test
  void shouldLetAUserAtTheOpenOrderBoundStillSendOrdersThatNeverRest() {
    // given: a bound of two open orders, both used
    Exchange bounded = Exchange.create(ExchangeConfig.defaults().withOrderBounds(2, 1_000, 10));
    long[] next = {1};
    java.util.function.Function<Command, CommandResult> run = c -> bounded.apply(T0, c);
    run.apply(new Command.DefineAsset(next[0]++, 1, "USD", 0));
    run.apply(new Command.DefineAsset(next[0]++, 2, "ABC", 0));
    run.apply(
        new Command.DefineInstrument(
            next[0]++, InstrumentSpec.of(1, "ABCUSD", 2, 1, "1", "1", "1", "1000", "1000")));
    run.apply(new Command.AddUser(next[0]++, 1));
    run.apply(new Command.Deposit(next[0]++, 1, 1, 1_000_000));
    run.apply(new Command.Deposit(next[0]++, 1, 2, 1_000));
    run.apply(Command.PlaceOrder.limit(next[0]++, 1, 1, Side.BUY, 10, 1));
    run.apply(Command.PlaceOrder.limit(next[0]++, 1, 1, Side.BUY, 11, 1));

    // when
    CommandResult gtc = run.apply(Command.PlaceOrder.limit(next[0]++, 1, 1, Side.BUY, 12, 1));
    CommandResult market = run.apply(Command.PlaceOrder.market(next[0]++, 1, 1, Side.SELL, 1));

    // then: another resting order is refused, a market order is not
    assertEquals(RejectReason.TOO_MANY_OPEN_ORDERS, gtc.rejectReason());
    assertNull(market.rejectReason(), market::toString);
    bounded.verify();
  }

  @Test
  void shouldRejectAbsurdDecimalsWithoutComputingOnThem() {
    // given
    DecimalExchange venue = DecimalExchange.over(exchange, () -> T0);
    venue.defineAsset(1, "USD", 2);
    venue.defineAsset(2, "ABC", 0);

    // when
    CommandResult definition =
        venue.defineInstrument(
            new InstrumentSpec(
                1,
                "ABCUSD",
                2,
                1,
                new BigDecimal("0.01"),
                BigDecimal.ONE,
                BigDecimal.ONE,
                BigDecimal.TEN,
                new BigDecimal("1E+2147483647"),
                BigDecimal.ZERO,
                SelfTradePrevention.NONE,
                InstrumentStatus.TRADING));
    venue.defineInstrument(InstrumentSpec.of(1, "ABCUSD", 2, 1, "0.01", "1", "1", "10", "100"));
    venue.addUser(1);
    CommandResult price = venue.placeLimit(1, "ABCUSD", Side.BUY, "1E+2147483647", "1");
    CommandResult deposit = venue.deposit(1, "USD", null);

    // then
    assertEquals(RejectReason.INVALID_DEFINITION, definition.rejectReason());
    assertTrue(definition.rejectMessage().contains("out of range"), definition::rejectMessage);
    assertEquals(RejectReason.INVALID_PRICE, price.rejectReason());
    assertEquals(RejectReason.INVALID_AMOUNT, deposit.rejectReason());
    assertEquals("amount is required", deposit.rejectMessage());
  }
}
