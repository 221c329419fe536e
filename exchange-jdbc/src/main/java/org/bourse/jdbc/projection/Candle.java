package org.bourse.jdbc.projection;

/**
 * Open, high, low, close and volume of an instrument's trades in one interval. Intervals without
 * trades have no candle.
 *
 * @param openTimeMs the interval's start, epoch milliseconds (a multiple of the interval's length)
 * @param openTicks the price of the interval's first trade, ticks
 * @param highTicks the highest trade price, ticks
 * @param lowTicks the lowest trade price, ticks
 * @param closeTicks the price of the interval's last trade, ticks
 * @param volumeLots the quantity traded, lots
 * @param quoteVolume the notional traded, quote minor units
 * @param trades the number of trades
 */
public record Candle(
    long openTimeMs,
    long openTicks,
    long highTicks,
    long lowTicks,
    long closeTicks,
    long volumeLots,
    long quoteVolume,
    long trades) {}
