package org.bourse.core;

/** Whether an instrument accepts new orders. */
public enum InstrumentStatus {
  /** Orders are accepted and matched. */
  TRADING,
  /** New orders and amendments are rejected; cancels still work; resting orders stay. */
  HALTED
}
