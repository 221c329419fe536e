package org.bourse.core;

import java.util.List;

/**
 * What a command changed. Events are immutable and listed in {@link CommandResult#events()} in the
 * order they happened. Units as in {@link Command}.
 */
public sealed interface ExchangeEvent
    permits OrderState,
        ExchangeEvent.Trade,
        ExchangeEvent.BalanceChanged,
        ExchangeEvent.LedgerEntry,
        ExchangeEvent.BookDelta,
        ExchangeEvent.StopTriggered,
        ExchangeEvent.InstrumentStatusChanged {

  /**
   * A trade between a resting (maker) order and an incoming (taker) order.
   *
   * @param tradeId engine-wide, increasing
   * @param priceTicks the maker's price
   * @param quoteAmount the notional in quote minor units
   * @param makerFee the maker's fee in quote minor units (negative: a rebate paid to the maker)
   * @param takerFee the taker's fee in quote minor units
   */
  record Trade(
      long tradeId,
      int instrumentId,
      long priceTicks,
      long quantityLots,
      long quoteAmount,
      long makerOrderId,
      long takerOrderId,
      long makerUserId,
      long takerUserId,
      Side takerSide,
      long makerFee,
      long takerFee)
      implements ExchangeEvent {}

  /** A user's balances in one asset after the command, in minor units. */
  record BalanceChanged(long userId, int assetId, long available, long held)
      implements ExchangeEvent {}

  /**
   * A balanced double-entry ledger entry.
   *
   * @param entryId engine-wide, increasing
   * @param sequence the sequence of the command that caused it
   * @param commandId the id of that command
   * @param hash the ledger hash chain after this entry (64-bit; detects edits of history)
   */
  record LedgerEntry(
      long entryId,
      long sequence,
      long commandId,
      EntryKind kind,
      List<Posting> postings,
      long hash)
      implements ExchangeEvent {}

  /**
   * A price level's new total; 0 means the level is gone.
   *
   * @param updateId per instrument, increasing by one per delta
   */
  record BookDelta(int instrumentId, long updateId, Side side, long priceTicks, long totalLots)
      implements ExchangeEvent {}

  /** A conditional order was triggered by the last trade price and now executes. */
  record StopTriggered(long orderId, int instrumentId, long lastPriceTicks)
      implements ExchangeEvent {}

  /** An instrument was halted or resumed. */
  record InstrumentStatusChanged(int instrumentId, InstrumentStatus status)
      implements ExchangeEvent {}
}
