package org.bourse.core;

/**
 * Why a command was refused. Codes are stable: they are journaled, returned by APIs and may be
 * stored by clients, so a code is never reused or renumbered. They are grouped by the stage that
 * checks them, and the stages run in code order, so when several reasons apply the lowest-numbered
 * stage wins.
 */
public enum RejectReason {
  // 1xx: the command itself is malformed.
  INVALID_COMMAND_ID(100),
  INVALID_QUANTITY(101),
  INVALID_PRICE(102),
  INVALID_STOP_PRICE(103),
  INVALID_AMOUNT(104),
  INVALID_TIME_IN_FORCE(105),
  INVALID_CLIENT_ORDER_ID(106),
  INVALID_DEFINITION(107),
  INVALID_USER_ID(108),
  INVALID_FEE_SCHEDULE(109),
  /** The command cannot be journaled: a string or list in it is too long. */
  COMMAND_TOO_LARGE(110),

  // 2xx: it names something that does not exist, or that exists already.
  UNKNOWN_ASSET(200),
  UNKNOWN_INSTRUMENT(201),
  UNKNOWN_USER(202),
  UNKNOWN_ORDER(203),
  UNKNOWN_WITHDRAWAL(204),
  UNKNOWN_FEE_TIER(205),
  DUPLICATE_ASSET(210),
  DUPLICATE_INSTRUMENT(211),
  DUPLICATE_USER(212),
  DUPLICATE_CLIENT_ORDER_ID(213),

  // 3xx: instrument filters.
  PRICE_NOT_ON_TICK(300),
  QUANTITY_NOT_ON_LOT(301),
  QUANTITY_BELOW_MIN(302),
  QUANTITY_ABOVE_MAX(303),
  PRICE_ABOVE_MAX(304),
  NOTIONAL_BELOW_MIN(305),
  AMOUNT_NOT_ON_SCALE(306),

  // 4xx: the state of the market or the order forbids it.
  INSTRUMENT_HALTED(400),
  POST_ONLY_WOULD_TAKE(401),
  STOP_WOULD_TRIGGER_IMMEDIATELY(402),
  ORDER_NOT_AMENDABLE(403),
  AMEND_NOT_A_CHANGE(404),

  // 5xx: money.
  INSUFFICIENT_FUNDS(500),
  AMOUNT_OVERFLOW(501),

  // 6xx: a bound of the engine is reached.
  TOO_MANY_ASSETS(600),
  TOO_MANY_INSTRUMENTS(601),
  TOO_MANY_USERS(602),
  TOO_MANY_OPEN_ORDERS(603),
  BOOK_FULL(604),
  TOO_MANY_STOP_ORDERS(605),
  TOO_MANY_PENDING_WITHDRAWALS(606),

  // 7xx: the runtime, before the command reaches the engine (such results have sequence 0).
  /** The runtime's queue is full: back-pressure; retry later. Nothing was journaled. */
  BUSY(700);

  private final int code;

  RejectReason(int code) {
    this.code = code;
  }

  /** The stable numeric code of this reason. */
  public int code() {
    return code;
  }
}
