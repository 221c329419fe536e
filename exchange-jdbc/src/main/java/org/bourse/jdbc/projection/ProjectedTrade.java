package org.bourse.jdbc.projection;

import org.bourse.core.ExchangeEvent;

/**
 * A trade as the projection holds it.
 *
 * @param trade the trade event (prices in ticks, quantities in lots, amounts and fees in quote
 *     minor units)
 * @param sequence the journal sequence of the command that caused it
 * @param timestampMs that command's timestamp, epoch milliseconds
 */
public record ProjectedTrade(ExchangeEvent.Trade trade, long sequence, long timestampMs) {}
