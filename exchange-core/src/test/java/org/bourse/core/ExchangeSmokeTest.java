package org.bourse.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class ExchangeSmokeTest {

  @Test
  void shouldTradeTwoCrossingLimitOrdersAndSettleBothSides() {
    // given
    long[] clock = {1_700_000_000_000L};
    DecimalExchange venue = DecimalExchange.over(Exchange.create(), () -> clock[0]);
    venue.defineAsset(1, "BTC", 8);
    venue.defineAsset(2, "USDT", 6);
    CommandResult defined =
        venue.defineInstrument(
            InstrumentSpec.of(1, "BTCUSDT", 1, 2, "0.01", "0.0001", "0.0001", "1000", "1000000"));
    assertNull(defined.rejectReason(), () -> defined.rejectMessage());
    venue
        .exchange()
        .apply(
            clock[0],
            new Command.SetFeeSchedule(
                100,
                new FeeSchedule(2, java.util.List.of(new FeeTier(0, new FeeRates(1_000, 2_000))))));
    venue.addUser(1);
    venue.addUser(2);
    venue.deposit(1, "BTC", "1");
    venue.deposit(2, "USDT", "50000");

    // when
    CommandResult sell = venue.placeLimit(1, "BTCUSDT", Side.SELL, "30000", "0.5");
    CommandResult buy = venue.placeLimit(2, "BTCUSDT", Side.BUY, "30000.50", "0.2");

    // then
    assertTrue(sell.accepted());
    assertEquals(OrderStatus.FILLED, buy.orderStatus(), buy::toString);
    assertEquals(new BigDecimal("0.20000000"), venue.available(2, "BTC"));
    // 0.2 * 30000 = 6000 notional; taker fee 0.2% = 12
    assertEquals(new BigDecimal("43988.000000"), venue.available(2, "USDT"));
    // maker fee 0.1% = 6
    assertEquals(new BigDecimal("5994.000000"), venue.available(1, "USDT"));
    assertEquals(new BigDecimal("0.30000000"), venue.held(1, "BTC"));
    assertEquals(18_000_000L, venue.exchange().systemBalance(AccountKind.FEES, 2));
    venue.exchange().verify();
  }
}
