package org.bourse.cli.simulate;

import java.math.BigDecimal;

/**
 * The assets of the simulated venue, with the scales common on spot exchanges and what each user
 * deposits before trading starts.
 */
enum Coin {
  BTC(8, "25"),
  ETH(8, "400"),
  SOL(9, "8000"),
  USDT(6, "1500000");

  /** Decimals of the minor unit. */
  final int scale;

  /** A trader's opening deposit, in minor units; market makers get ten times as much. */
  final long depositMinor;

  Coin(int scale, String deposit) {
    this.scale = scale;
    this.depositMinor = minorUnits(deposit);
  }

  /** An exact amount of this coin in minor units. */
  long minorUnits(String amount) {
    return new BigDecimal(amount).movePointRight(scale).longValueExact();
  }

  /** The asset id: assets are numbered from 1 in declaration order. */
  int assetId() {
    return ordinal() + 1;
  }
}
