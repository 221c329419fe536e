package org.bourse.core.flow;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bourse.core.AccountKind;
import org.bourse.core.Asset;
import org.bourse.core.Balance;
import org.bourse.core.CommandResult;
import org.bourse.core.Depth;
import org.bourse.core.Exchange;
import org.bourse.core.ExchangeEvent;
import org.bourse.core.Instrument;
import org.bourse.core.OrderState;
import org.bourse.core.Posting;
import org.bourse.core.Side;

/**
 * Renders results, events and the final state of an {@link Exchange} as the one-line texts of a
 * flow file, in decimals of the assets and instruments (trailing zeros stripped).
 */
final class FlowFormat {
  private final Exchange exchange;

  FlowFormat(Exchange exchange) {
    this.exchange = exchange;
  }

  // -------------------------------------------------------------------------------------------
  // Results and events

  String result(CommandResult r) {
    StringBuilder b = new StringBuilder();
    if (r.duplicate()) {
      b.append("duplicate of seq ").append(r.sequence()).append(": ");
    }
    if (r.accepted()) {
      b.append("ok");
    } else {
      b.append(r.sequence() == 0 ? "rejected at edge " : "rejected ").append(r.rejectReason());
    }
    if (r.orderId() != 0) {
      b.append(" order #").append(r.orderId());
    }
    if (r.orderStatus() != null) {
      b.append(r.orderId() != 0 ? " " : " order ").append(r.orderStatus());
    }
    if (r.withdrawalId() != 0) {
      b.append(" withdrawal w").append(r.withdrawalId());
    }
    if (r.rejectMessage() != null) {
      b.append(": ").append(r.rejectMessage());
    }
    return b.toString();
  }

  /**
   * One event; {@code result} is the command's result, whose sequence ledger entries should name.
   */
  String event(ExchangeEvent event, CommandResult result) {
    if (event instanceof OrderState) {
      return "order " + order((OrderState) event);
    } else if (event instanceof ExchangeEvent.Trade) {
      return trade((ExchangeEvent.Trade) event);
    } else if (event instanceof ExchangeEvent.LedgerEntry) {
      return ledgerEntry((ExchangeEvent.LedgerEntry) event, result);
    } else if (event instanceof ExchangeEvent.BalanceChanged) {
      ExchangeEvent.BalanceChanged e = (ExchangeEvent.BalanceChanged) event;
      return "balance u"
          + e.userId()
          + " "
          + code(e.assetId())
          + " available="
          + amount(e.assetId(), e.available())
          + " held="
          + amount(e.assetId(), e.held());
    } else if (event instanceof ExchangeEvent.BookDelta) {
      ExchangeEvent.BookDelta e = (ExchangeEvent.BookDelta) event;
      return "depth "
          + symbol(e.instrumentId())
          + " "
          + (e.side() == Side.BUY ? "bid " : "ask ")
          + price(e.instrumentId(), e.priceTicks())
          + " = "
          + quantity(e.instrumentId(), e.totalLots())
          + " (update "
          + e.updateId()
          + ")";
    } else if (event instanceof ExchangeEvent.StopTriggered) {
      ExchangeEvent.StopTriggered e = (ExchangeEvent.StopTriggered) event;
      return "triggered #"
          + e.orderId()
          + " "
          + symbol(e.instrumentId())
          + " at last="
          + price(e.instrumentId(), e.lastPriceTicks());
    } else if (event instanceof ExchangeEvent.InstrumentStatusChanged) {
      ExchangeEvent.InstrumentStatusChanged e = (ExchangeEvent.InstrumentStatusChanged) event;
      return "instrument " + symbol(e.instrumentId()) + " " + e.status();
    }
    throw new IllegalStateException("unknown event " + event);
  }

  /** An order without the leading "order ": id, status, owner, what it is, then what it did. */
  String order(OrderState o) {
    int i = o.instrumentId();
    StringBuilder b = new StringBuilder();
    b.append('#').append(o.orderId()).append(' ').append(o.status());
    b.append(" u").append(o.userId()).append(' ').append(symbol(i));
    b.append(' ').append(o.side()).append(' ').append(o.type()).append(' ').append(o.timeInForce());
    if (o.quantityLots() != 0) {
      b.append(' ').append(quantity(i, o.quantityLots()));
    }
    if (o.priceTicks() != 0) {
      b.append(" @ ").append(price(i, o.priceTicks()));
    }
    if (o.quoteAmount() != 0) {
      b.append(" amount=").append(quoteAmount(i, o.quoteAmount()));
    }
    if (o.stopPriceTicks() != 0) {
      b.append(" stop=").append(price(i, o.stopPriceTicks()));
    }
    if (o.filledLots() != 0 || o.cumulativeQuote() != 0 || o.feesPaid() != 0) {
      b.append(" filled=").append(quantity(i, o.filledLots()));
      b.append(" quote=").append(quoteAmount(i, o.cumulativeQuote()));
      b.append(" fees=").append(quoteAmount(i, o.feesPaid()));
    }
    if (o.clientOrderId() != null) {
      b.append(" coid=").append(o.clientOrderId());
    }
    Optional<Instrument> instrument = exchange.instrument(i);
    if (instrument.isEmpty()
        || instrument.get().spec().defaultSelfTradePrevention() != o.selfTradePrevention()) {
      b.append(" stp=").append(o.selfTradePrevention());
    }
    return b.toString();
  }

  private String trade(ExchangeEvent.Trade t) {
    int i = t.instrumentId();
    return "trade #"
        + t.tradeId()
        + " "
        + symbol(i)
        + " "
        + quantity(i, t.quantityLots())
        + " @ "
        + price(i, t.priceTicks())
        + " quote="
        + quoteAmount(i, t.quoteAmount())
        + " maker=#"
        + t.makerOrderId()
        + "/u"
        + t.makerUserId()
        + " fee="
        + quoteAmount(i, t.makerFee())
        + " taker=#"
        + t.takerOrderId()
        + "/u"
        + t.takerUserId()
        + " "
        + t.takerSide()
        + " fee="
        + quoteAmount(i, t.takerFee());
  }

  private String ledgerEntry(ExchangeEvent.LedgerEntry e, CommandResult result) {
    StringBuilder b = new StringBuilder();
    b.append("ledger #").append(e.entryId()).append(' ').append(e.kind());
    if (e.sequence() != result.sequence() || e.commandId() != result.commandId()) {
      b.append(" (seq ").append(e.sequence()).append(" cmd ").append(e.commandId()).append(')');
    }
    String separator = ": ";
    for (Posting p : e.postings()) {
      b.append(separator);
      separator = ", ";
      b.append(p.account().isUserAccount() ? "u" + p.userId() + " " : "").append(p.account());
      b.append(' ').append(p.amount() > 0 ? "+" : "").append(amount(p.assetId(), p.amount()));
      b.append(' ').append(code(p.assetId()));
    }
    return b.toString();
  }

  // -------------------------------------------------------------------------------------------
  // Final state

  /** The book of every defined instrument, asks from the highest down, then bids. */
  List<String> books(int maxInstruments) {
    List<String> lines = new ArrayList<>();
    for (int id = 1; id <= maxInstruments; id++) {
      Optional<Instrument> instrument = exchange.instrument(id);
      if (instrument.isEmpty()) {
        continue;
      }
      long last = exchange.lastPriceTicks(id);
      lines.add(
          "== book "
              + instrument.get().symbol()
              + " "
              + instrument.get().status()
              + (last == 0 ? "" : " last=" + price(id, last)));
      Depth depth = exchange.depth(id, Integer.MAX_VALUE);
      for (int k = depth.asks().size() - 1; k >= 0; k--) {
        lines.add(level("ask", id, depth.asks().get(k)));
      }
      for (Depth.Level bid : depth.bids()) {
        lines.add(level("bid", id, bid));
      }
      if (depth.asks().isEmpty() && depth.bids().isEmpty()) {
        lines.add("(empty)");
      }
    }
    return lines;
  }

  private String level(String side, int instrumentId, Depth.Level level) {
    return side
        + " "
        + price(instrumentId, level.priceTicks())
        + " x "
        + quantity(instrumentId, level.quantityLots())
        + " ("
        + level.orders()
        + (level.orders() == 1 ? " order)" : " orders)");
  }

  /** Every user's open orders (resting and waiting conditional), oldest first. */
  List<String> openOrders(Iterable<Long> userIds) {
    List<String> lines = new ArrayList<>();
    for (long userId : userIds) {
      for (OrderState o : exchange.openOrders(userId)) {
        lines.add(order(o));
      }
    }
    return lines;
  }

  /** Every non-zero user account, then the non-zero system accounts EXTERNAL and FEES. */
  List<String> balances(Iterable<Long> userIds, int maxAssets) {
    List<String> lines = new ArrayList<>();
    for (long userId : userIds) {
      for (int a = 1; a <= maxAssets; a++) {
        Balance balance = exchange.balance(userId, a);
        if (balance.available() != 0 || balance.held() != 0) {
          lines.add(
              "u"
                  + userId
                  + " "
                  + code(a)
                  + " available="
                  + amount(a, balance.available())
                  + " held="
                  + amount(a, balance.held()));
        }
      }
    }
    for (AccountKind kind : new AccountKind[] {AccountKind.EXTERNAL, AccountKind.FEES}) {
      for (int a = 1; a <= maxAssets; a++) {
        long value = exchange.systemBalance(kind, a);
        if (value != 0) {
          lines.add(kind + " " + code(a) + " " + amount(a, value));
        }
      }
    }
    return lines;
  }

  /**
   * Each user's fee tier and 30-day volume as of the last command, in the fee schedule's volume
   * asset (minor units when it has none); users in tier 0 without volume are left out.
   */
  List<String> tiers(Iterable<Long> userIds, int volumeAssetId) {
    List<String> lines = new ArrayList<>();
    for (long userId : userIds) {
      long volume = exchange.volume30d(userId);
      if (volume == 0 && exchange.feeTier(userId) == 0) {
        continue;
      }
      lines.add(
          "u"
              + userId
              + " tier="
              + exchange.feeTier(userId)
              + " volume30d="
              + (exchange.asset(volumeAssetId).isPresent()
                  ? amount(volumeAssetId, volume) + " " + code(volumeAssetId)
                  : Long.toString(volume)));
    }
    return lines;
  }

  // -------------------------------------------------------------------------------------------
  // Units

  String code(int assetId) {
    return exchange.asset(assetId).map(Asset::code).orElse("asset#" + assetId);
  }

  String symbol(int instrumentId) {
    return exchange.instrument(instrumentId).map(Instrument::symbol).orElse("#" + instrumentId);
  }

  String amount(int assetId, long minorUnits) {
    Optional<Asset> asset = exchange.asset(assetId);
    return asset.isEmpty()
        ? Long.toString(minorUnits)
        : plain(BigDecimal.valueOf(minorUnits, asset.get().scale()));
  }

  private String quoteAmount(int instrumentId, long minorUnits) {
    return exchange
        .instrument(instrumentId)
        .map(i -> amount(i.spec().quoteAssetId(), minorUnits))
        .orElse(Long.toString(minorUnits));
  }

  String price(int instrumentId, long ticks) {
    return exchange
        .instrument(instrumentId)
        .map(i -> plain(i.spec().tickSize().multiply(BigDecimal.valueOf(ticks))))
        .orElse(ticks + "t");
  }

  String quantity(int instrumentId, long lots) {
    return exchange
        .instrument(instrumentId)
        .map(i -> plain(i.spec().lotSize().multiply(BigDecimal.valueOf(lots))))
        .orElse(lots + "l");
  }

  private static String plain(BigDecimal value) {
    return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
  }
}
