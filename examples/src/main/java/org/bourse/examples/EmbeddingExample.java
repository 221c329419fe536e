package org.bourse.examples;

import java.math.BigDecimal;
import org.bourse.core.CommandResult;
import org.bourse.core.DecimalExchange;
import org.bourse.core.Exchange;
import org.bourse.core.ExchangeEvent;
import org.bourse.core.InstrumentSpec;
import org.bourse.core.Side;

/** Embeds the engine: one instrument, two users, one trade. The README quotes the tagged part. */
public final class EmbeddingExample {
  public static void main(String[] args) {
    // tag::embed[]
    DecimalExchange venue = DecimalExchange.over(Exchange.create(), System::currentTimeMillis);
    venue.defineAsset(1, "BTC", 8);
    venue.defineAsset(2, "USDT", 6);
    venue.defineInstrument( // id, symbol, base, quote, tick, lot, min/max quantity, max price
        InstrumentSpec.of(1, "BTCUSDT", 1, 2, "0.01", "0.0001", "0.0001", "100", "1000000"));
    venue.addUser(1);
    venue.addUser(2);
    venue.deposit(1, "BTC", "1");
    venue.deposit(2, "USDT", "40000");
    venue.placeLimit(1, "BTCUSDT", Side.SELL, "65000.00", "0.25");
    CommandResult buy = venue.placeLimit(2, "BTCUSDT", Side.BUY, "65010.00", "0.25");
    for (ExchangeEvent event : buy.events()) {
      if (event instanceof ExchangeEvent.Trade t) {
        BigDecimal qty = venue.quantity("BTCUSDT", t.quantityLots());
        System.out.println("trade " + qty + " BTC at " + venue.price("BTCUSDT", t.priceTicks()));
      }
    }
    for (long user : new long[] {1, 2}) {
      BigDecimal btc = venue.available(user, "BTC");
      System.out.println("user " + user + ": " + btc + " BTC, " + venue.available(user, "USDT"));
    }
    // end::embed[]
  }
}
