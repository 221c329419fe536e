package org.bourse.bench;

import exchange.core2.core.common.CoreSymbolSpecification;
import exchange.core2.core.common.OrderAction;
import exchange.core2.core.common.OrderType;
import exchange.core2.core.common.SymbolType;
import exchange.core2.core.common.api.ApiAddUser;
import exchange.core2.core.common.api.ApiAdjustUserBalance;
import exchange.core2.core.common.api.ApiCancelOrder;
import exchange.core2.core.common.api.ApiCommand;
import exchange.core2.core.common.api.ApiMoveOrder;
import exchange.core2.core.common.api.ApiPlaceOrder;
import exchange.core2.core.common.api.ApiReduceOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Translates an {@link OrderFlow} into exchange-core 0.5.3 API commands.
 *
 * <p>Symbols are currency-exchange pairs of currency 1 (base) for currency 2 (quote) with scale
 * factors 1 and no fees, matching Bourse's instruments in {@link BourseFlow}. Order ids are the
 * flow's handles. Every bid carries {@link FlowSpec#MAX_ORDER_PRICE_TICKS} as its reserve price, as
 * exchange-core's own generator does, so that moves never exceed the reserve; exchange-core then
 * holds funds at that price, which the generous funding covers.
 */
final class CoreFlow {
  static final int BASE_CURRENCY = 1;
  static final int QUOTE_CURRENCY = 2;

  private CoreFlow() {}

  /** The symbol specifications of a spec. */
  static List<CoreSymbolSpecification> symbols(FlowSpec spec) {
    List<CoreSymbolSpecification> symbols = new ArrayList<>();
    for (int s = 1; s <= spec.symbols(); s++) {
      symbols.add(symbol(s));
    }
    return symbols;
  }

  static CoreSymbolSpecification symbol(int id) {
    return CoreSymbolSpecification.builder()
        .symbolId(id)
        .type(SymbolType.CURRENCY_EXCHANGE_PAIR)
        .baseCurrency(BASE_CURRENCY)
        .quoteCurrency(QUOTE_CURRENCY)
        .baseScaleK(1)
        .quoteScaleK(1)
        .takerFee(0)
        .makerFee(0)
        .build();
  }

  /** Users and their deposits. */
  static List<ApiCommand> users(FlowSpec spec) {
    List<ApiCommand> commands = new ArrayList<>();
    for (long u = 1; u <= spec.users(); u++) {
      commands.add(ApiAddUser.builder().uid(u).build());
      commands.add(deposit(u, BASE_CURRENCY, OrderFlow.BASE_FUNDING, 2 * u));
      commands.add(deposit(u, QUOTE_CURRENCY, OrderFlow.QUOTE_FUNDING, 2 * u + 1));
    }
    return commands;
  }

  static ApiCommand deposit(long user, int currency, long amount, long transactionId) {
    return ApiAdjustUserBalance.builder()
        .uid(user)
        .currency(currency)
        .amount(amount)
        .transactionId(transactionId)
        .build();
  }

  /** All flow commands, built before a measurement so that building them is not measured. */
  static ApiCommand[] commands(OrderFlow flow) {
    ApiCommand[] commands = new ApiCommand[flow.size];
    for (int i = 0; i < flow.size; i++) {
      commands[i] = command(flow, i);
    }
    return commands;
  }

  /** Flow command {@code i}. */
  static ApiCommand command(OrderFlow flow, int i) {
    long user = flow.user[i];
    long orderId = flow.handle[i];
    int symbol = flow.symbol[i];
    switch (flow.kind[i]) {
      case OrderFlow.GTC:
      case OrderFlow.IOC:
        return place(
            orderId,
            user,
            symbol,
            flow.buy[i],
            flow.price[i],
            flow.lots[i],
            flow.kind[i] == OrderFlow.GTC);
      case OrderFlow.CANCEL:
        return ApiCancelOrder.builder().orderId(orderId).uid(user).symbol(symbol).build();
      case OrderFlow.MOVE:
        return ApiMoveOrder.builder()
            .orderId(orderId)
            .uid(user)
            .symbol(symbol)
            .newPrice(flow.price[i])
            .build();
      case OrderFlow.REDUCE:
        return ApiReduceOrder.builder()
            .orderId(orderId)
            .uid(user)
            .symbol(symbol)
            .reduceSize(flow.lots[i])
            .build();
      default:
        throw new IllegalStateException("unknown kind " + flow.kind[i]);
    }
  }

  static ApiPlaceOrder place(
      long orderId, long user, int symbol, boolean buy, long price, long lots, boolean gtc) {
    return ApiPlaceOrder.builder()
        .orderId(orderId)
        .uid(user)
        .symbol(symbol)
        .action(buy ? OrderAction.BID : OrderAction.ASK)
        .orderType(gtc ? OrderType.GTC : OrderType.IOC)
        .price(price)
        .size(lots)
        .reservePrice(buy ? FlowSpec.MAX_ORDER_PRICE_TICKS : 0)
        .build();
  }
}
