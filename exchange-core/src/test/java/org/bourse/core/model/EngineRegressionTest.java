package org.bourse.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.bourse.core.Command;
import org.bourse.core.CommandResult;
import org.bourse.core.Exchange;
import org.bourse.core.ExchangeConfig;
import org.bourse.core.FeeRates;
import org.bourse.core.InstrumentSpec;
import org.bourse.core.InstrumentStatus;
import org.bourse.core.OrderState;
import org.bourse.core.OrderStatus;
import org.bourse.core.OrderType;
import org.bourse.core.RejectReason;
import org.bourse.core.SelfTradePrevention;
import org.bourse.core.Side;
import org.bourse.core.TimeInForce;
import org.junit.jupiter.api.Test;

/**
 * Minimal reproductions of the disagreements {@link ModelBasedTest} found between the engine and
 * the documented semantics, one test per behaviour, kept as regression tests now that the engine
 * agrees. The random flows exercise the same situations.
 *
 * <p>The market: ABC (scale 0) in USD (scale 2), tick 1 USD, lot 1 ABC, so a lot at 100 ticks is
 * 10,000 cents. No fees.
 */
class EngineRegressionTest {
  private static final long T0 = 1_700_000_000_000L;
  private static final int USD = 1;
  private static final int ABC = 2;
  private static final int ABCUSD = 1;
  private static final long ALICE = 1;
  private static final long BOB = 2;

  private Exchange exchange = Exchange.create();
  private long nextCommandId = 1;

  private CommandResult apply(Command command) {
    return exchange.apply(T0 + nextCommandId, command);
  }

  private long id() {
    return nextCommandId++;
  }

  /** Defines ABCUSD and funds Alice and Bob with 10,000 USD and 1,000 ABC each. */
  private void givenMarket(InstrumentSpec spec) {
    apply(new Command.DefineAsset(id(), USD, "USD", 2));
    apply(new Command.DefineAsset(id(), ABC, "ABC", 0));
    assertNull(apply(new Command.DefineInstrument(id(), spec)).rejectReason());
    for (long user : new long[] {ALICE, BOB}) {
      apply(new Command.AddUser(id(), user));
      apply(new Command.Deposit(id(), user, USD, 1_000_000));
      apply(new Command.Deposit(id(), user, ABC, 1_000));
    }
  }

  private static InstrumentSpec abcUsd() {
    return InstrumentSpec.of(ABCUSD, "ABCUSD", ABC, USD, "1", "1", "1", "1000", "10000");
  }

  private List<Long> openOrderIds(long user) {
    return exchange.openOrders(user).stream().map(OrderState::orderId).toList();
  }

  // -----------------------------------------------------------------------------------------------
  // Matching: a market order that partly fills a maker must stop there, not look at the next one.

  @Test
  void shouldLeaveOwnRestingOrderAloneWhenMarketSellByQuoteIsUsedUpOnAnotherMaker() {
    // given: Bob's bid, then Alice's own bid behind it at the same price
    givenMarket(abcUsd().withDefaultSelfTradePrevention(SelfTradePrevention.EXPIRE_BOTH));
    apply(Command.PlaceOrder.limit(id(), BOB, ABCUSD, Side.BUY, 100, 10));
    long alicesBid =
        apply(Command.PlaceOrder.limit(id(), ALICE, ABCUSD, Side.BUY, 100, 5)).orderId();

    // when: Alice sells 3.5 lots' worth; 3 lots trade with Bob, and half a lot is not enough for
    // another lot at 100
    CommandResult sell =
        apply(Command.PlaceOrder.marketQuote(id(), ALICE, ABCUSD, Side.SELL, 35_000));

    // then: the amount is used up (FILLED) and Alice's bid, which it never reached, is untouched
    // (engine: EXPIRED_IN_MATCH, and Alice's bid expired by STP)
    assertEquals(OrderStatus.FILLED, sell.orderStatus(), sell::toString);
    assertEquals(List.of(alicesBid), openOrderIds(ALICE));
  }

  @Test
  void shouldLeaveOwnRestingOrderAloneWhenMarketBuyRunsOutOfFundsOnAnotherMaker() {
    // given: Carol, with 250 USD, and two asks at 100: Bob's, then Carol's own
    givenMarket(abcUsd().withDefaultSelfTradePrevention(SelfTradePrevention.EXPIRE_MAKER));
    long carol = 3;
    apply(new Command.AddUser(id(), carol));
    apply(new Command.Deposit(id(), carol, USD, 25_000));
    apply(new Command.Deposit(id(), carol, ABC, 10));
    apply(Command.PlaceOrder.limit(id(), BOB, ABCUSD, Side.SELL, 100, 10));
    long carolsAsk =
        apply(Command.PlaceOrder.limit(id(), carol, ABCUSD, Side.SELL, 100, 5)).orderId();

    // when: Carol buys 5 lots at market but can pay for 2
    CommandResult buy = apply(Command.PlaceOrder.market(id(), carol, ABCUSD, Side.BUY, 5));

    // then: 2 lots trade with Bob, the order expires for lack of funds, and Carol's ask stays
    // (engine: Carol's ask is expired by STP although nothing could have traded with it)
    assertEquals(OrderStatus.EXPIRED, buy.orderStatus(), buy::toString);
    assertEquals(List.of(carolsAsk), openOrderIds(carol));
  }

  // -----------------------------------------------------------------------------------------------
  // Amend: a waiting market stop is not a resting order.

  @Test
  void shouldRejectAmendOfWaitingStopMarketOrderAsNotAmendable() {
    // given: a minimum notional, a last price of 100, and Alice's stop-loss sell waiting at 90
    givenMarket(abcUsd().withMinNotional("10"));
    apply(Command.PlaceOrder.limit(id(), BOB, ABCUSD, Side.BUY, 100, 1));
    apply(Command.PlaceOrder.limit(id(), ALICE, ABCUSD, Side.SELL, 100, 1));
    CommandResult stop =
        apply(
            new Command.PlaceOrder(
                id(),
                ALICE,
                ABCUSD,
                null,
                Side.SELL,
                OrderType.STOP_LOSS,
                TimeInForce.IOC,
                0,
                10,
                0,
                90,
                null));
    assertEquals(OrderStatus.NEW, stop.orderStatus(), stop::toString);

    // when: Alice asks for a smaller quantity
    CommandResult amend = apply(new Command.AmendOrder(id(), ALICE, stop.orderId(), null, 0, 5));

    // then: it is refused because the order does not rest on the book (engine: NOTIONAL_BELOW_MIN,
    // a filter applied to the price 0 that a market stop carries)
    assertEquals(RejectReason.ORDER_NOT_AMENDABLE, amend.rejectReason());
  }

  // -----------------------------------------------------------------------------------------------
  // Reject precedence: "when several reasons apply the lowest-numbered stage wins" (RejectReason).

  @Test
  void shouldPreferTheLowestStageWhenAHugeMarketOrderMeetsAHaltedInstrument() {
    // given
    givenMarket(abcUsd());
    apply(new Command.SetInstrumentStatus(id(), ABCUSD, InstrumentStatus.HALTED));

    // when: an amount above the instrument's maximum notional (5xx) on a halted instrument (4xx)
    CommandResult buy =
        apply(Command.PlaceOrder.marketQuote(id(), ALICE, ABCUSD, Side.BUY, Long.MAX_VALUE / 4));

    // then (engine: AMOUNT_OVERFLOW)
    assertEquals(RejectReason.INSTRUMENT_HALTED, buy.rejectReason());
  }

  @Test
  void shouldPreferTheLowestStageWhenAHugeStopWouldTriggerAtOnce() {
    // given: a last price of 100
    givenMarket(abcUsd());
    apply(Command.PlaceOrder.limit(id(), BOB, ABCUSD, Side.SELL, 100, 1));
    apply(Command.PlaceOrder.limit(id(), ALICE, ABCUSD, Side.BUY, 100, 1));

    // when: a stop-loss buy at 90, which the last price has passed already (4xx), for an amount
    // above the instrument's maximum notional (5xx)
    CommandResult stop =
        apply(
            Command.PlaceOrder.marketQuote(id(), ALICE, ABCUSD, Side.BUY, Long.MAX_VALUE / 4)
                .withType(OrderType.STOP_LOSS)
                .withStopPrice(90));

    // then (engine: AMOUNT_OVERFLOW)
    assertEquals(RejectReason.STOP_WOULD_TRIGGER_IMMEDIATELY, stop.rejectReason());
  }

  @Test
  void shouldPreferTheLowestStageWhenAnUnknownUserTransfersToThemselves() {
    // given
    givenMarket(abcUsd());

    // when: a transfer to oneself (1xx) by a user who does not exist (2xx)
    CommandResult transfer = apply(new Command.Transfer(id(), 99, 99, USD, 1));

    // then (engine: UNKNOWN_USER)
    assertEquals(RejectReason.INVALID_USER_ID, transfer.rejectReason());
  }

  @Test
  void shouldPreferTheLowestStageWhenAnUnknownInstrumentGetsAnInvalidFeeOverride() {
    // given
    givenMarket(abcUsd());

    // when: rates out of bounds (1xx) for an instrument that does not exist (2xx)
    CommandResult fees =
        apply(new Command.SetInstrumentFees(id(), 42, new FeeRates(-2_000_000, 0)));

    // then (engine: UNKNOWN_INSTRUMENT)
    assertEquals(RejectReason.INVALID_FEE_SCHEDULE, fees.rejectReason());
  }

  // -----------------------------------------------------------------------------------------------
  // Bounds: "only an order that would rest is refused" (Engine#placeOrder on BOOK_FULL).

  @Test
  void shouldNotRefuseAsBookFullAnOrderThatSelfTradePreventionEnds() {
    // given: a book that holds one order, and it is Alice's bid
    exchange = Exchange.create(ExchangeConfig.defaults().withOrderBounds(1_000, 1, 1_000));
    givenMarket(abcUsd().withDefaultSelfTradePrevention(SelfTradePrevention.EXPIRE_TAKER));
    apply(Command.PlaceOrder.limit(id(), ALICE, ABCUSD, Side.BUY, 100, 5));

    // when: Alice offers at her own bid's price; STP will end this order, so it never rests
    CommandResult sell = apply(Command.PlaceOrder.limit(id(), ALICE, ABCUSD, Side.SELL, 100, 5));

    // then: accepted and expired by STP (engine: refused as BOOK_FULL)
    assertNull(sell.rejectReason(), sell::toString);
    assertEquals(OrderStatus.EXPIRED_IN_MATCH, sell.orderStatus());
  }

  // -----------------------------------------------------------------------------------------------
  // State hash: "definitions" are part of the state it covers (Exchange#stateHash).

  @Test
  void shouldChangeTheStateHashWhenAnInstrumentDefinitionDiffers() {
    // given: two exchanges that differ only in ABCUSD's tick size
    EngineRegressionTest other = new EngineRegressionTest();
    givenMarket(abcUsd());
    other.givenMarket(
        InstrumentSpec.of(ABCUSD, "ABCUSD", ABC, USD, "0.5", "1", "1", "1000", "10000"));

    // when
    long hash = exchange.stateHash();
    long otherHash = other.exchange.stateHash();

    // then: a price of 100 ticks means 100 USD in one and 50 USD in the other, so the two must
    // not pass for interchangeable (engine: equal hashes; only id and symbol are hashed)
    assertNotEquals(hash, otherHash);
  }
}
