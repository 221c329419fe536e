package org.bourse.cli.simulate;

import java.util.SplittableRandom;

/** One listed instrument as the order flow sees it: a fair price that walks, and order sizes. */
final class Market {
  final Listing listing;
  final int instrumentId;

  /** This market's place among the flow's markets, 0 up. */
  final int index;

  private final long quoteMinorPerTickLot;

  /** The price the agents currently believe is fair, in ticks. */
  long fairTicks;

  Market(Listing listing, int index) {
    this.listing = listing;
    this.index = index;
    this.instrumentId = listing.spec.instrumentId();
    this.quoteMinorPerTickLot = listing.quoteMinorPerTickLot();
    this.fairTicks = listing.openingTicks;
  }

  /**
   * Moves the fair price by half a basis point up or down, or leaves it. Beyond 25% from the
   * opening price the walk leans back, so that long runs stay inside the instrument's bounds and
   * within what the agents' deposits can pay for.
   */
  void walk(SplittableRandom random) {
    // Rounded at random, so that where half a basis point is less than a tick (ETHBTC) the price
    // still moves half a basis point on average rather than a whole tick each step.
    long step = (fairTicks + random.nextLong(20_000)) / 20_000;
    long opening = listing.openingTicks;
    long direction = random.nextInt(3) - 1;
    if (random.nextInt(4) == 0) {
      if (fairTicks > opening + opening / 4) {
        direction = -1;
      } else if (fairTicks < opening - opening / 4) {
        direction = 1;
      }
    }
    fairTicks += direction * step;
  }

  /** A distance from the fair price in basis points (non-negative), as at least one tick. */
  long ticks(long basisPoints) {
    return Math.max(1, fairTicks * basisPoints / 10_000);
  }

  /** An order size between a fifth of and twice the typical size, in lots. */
  long lots(SplittableRandom random) {
    return Math.max(1, listing.typicalLots * (20 + random.nextInt(181)) / 100);
  }

  /** What {@code lots} cost at the fair price, in quote minor units. */
  long notionalMinor(long lots) {
    return Math.multiplyExact(Math.multiplyExact(fairTicks, lots), quoteMinorPerTickLot);
  }
}
