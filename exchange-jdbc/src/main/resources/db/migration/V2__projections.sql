-- Projections: read models of the engine's results (org.bourse.jdbc.projection), written in
-- batches together with the checkpoint below, so each result is applied exactly once.
-- Amounts are minor units of the asset, prices ticks and quantities lots (see exchange-core);
-- times are epoch milliseconds of the command that caused the row; sequence is its journal
-- sequence.

-- The journal sequence through which every result has been applied.
CREATE TABLE projection_checkpoint (
  name          VARCHAR(32) PRIMARY KEY,
  last_sequence BIGINT      NOT NULL
);
INSERT INTO projection_checkpoint (name, last_sequence) VALUES ('history', 0);

-- Every order the engine accepted, as it stands now (rejected orders never reach the book and
-- leave no row).
CREATE TABLE orders (
  order_id              BIGINT       PRIMARY KEY,
  user_id               BIGINT       NOT NULL,
  instrument_id         INTEGER      NOT NULL,
  client_order_id       VARCHAR(256),
  side                  VARCHAR(4)   NOT NULL,
  order_type            VARCHAR(24)  NOT NULL,
  time_in_force         VARCHAR(3)   NOT NULL,
  self_trade_prevention VARCHAR(16)  NOT NULL,
  status                VARCHAR(16)  NOT NULL,
  price_ticks           BIGINT       NOT NULL,
  stop_price_ticks      BIGINT       NOT NULL,
  quantity_lots         BIGINT       NOT NULL,
  quote_amount          BIGINT       NOT NULL,
  filled_lots           BIGINT       NOT NULL,
  cumulative_quote      BIGINT       NOT NULL,
  fees_paid             BIGINT       NOT NULL,
  created_sequence      BIGINT       NOT NULL,
  created_ms            BIGINT       NOT NULL,
  updated_sequence      BIGINT       NOT NULL,
  updated_ms            BIGINT       NOT NULL
);
CREATE INDEX orders_by_user ON orders (user_id, order_id);

-- Each change of an order, in the order the engine reported them: event_index is the event's
-- position in its command's result.
CREATE TABLE order_history (
  sequence         BIGINT      NOT NULL,
  event_index      INTEGER     NOT NULL,
  order_id         BIGINT      NOT NULL,
  status           VARCHAR(16) NOT NULL,
  price_ticks      BIGINT      NOT NULL,
  quantity_lots    BIGINT      NOT NULL,
  filled_lots      BIGINT      NOT NULL,
  cumulative_quote BIGINT      NOT NULL,
  fees_paid        BIGINT      NOT NULL,
  timestamp_ms     BIGINT      NOT NULL,
  PRIMARY KEY (sequence, event_index)
);
CREATE INDEX order_history_by_order ON order_history (order_id, sequence, event_index);

CREATE TABLE trades (
  trade_id       BIGINT     PRIMARY KEY,
  sequence       BIGINT     NOT NULL,
  timestamp_ms   BIGINT     NOT NULL,
  instrument_id  INTEGER    NOT NULL,
  price_ticks    BIGINT     NOT NULL,
  quantity_lots  BIGINT     NOT NULL,
  quote_amount   BIGINT     NOT NULL,
  maker_order_id BIGINT     NOT NULL,
  taker_order_id BIGINT     NOT NULL,
  maker_user_id  BIGINT     NOT NULL,
  taker_user_id  BIGINT     NOT NULL,
  taker_side     VARCHAR(4) NOT NULL,
  maker_fee      BIGINT     NOT NULL,
  taker_fee      BIGINT     NOT NULL
);
CREATE INDEX trades_by_instrument ON trades (instrument_id, trade_id);
CREATE INDEX trades_by_instrument_time ON trades (instrument_id, timestamp_ms);
CREATE INDEX trades_by_maker ON trades (maker_user_id, trade_id);
CREATE INDEX trades_by_taker ON trades (taker_user_id, trade_id);

-- The double-entry audit trail: entries with the ledger's hash chain, and their postings.
CREATE TABLE ledger_entries (
  entry_id     BIGINT      PRIMARY KEY,
  sequence     BIGINT      NOT NULL,
  command_id   BIGINT      NOT NULL,
  timestamp_ms BIGINT      NOT NULL,
  kind         VARCHAR(24) NOT NULL,
  hash         BIGINT      NOT NULL
);

-- user_id is 0 for the system accounts EXTERNAL and FEES. balance_after is the user account's
-- balance after this posting (NULL for system accounts).
CREATE TABLE ledger_postings (
  entry_id      BIGINT      NOT NULL,
  posting_index INTEGER     NOT NULL,
  user_id       BIGINT      NOT NULL,
  account       VARCHAR(16) NOT NULL,
  asset_id      INTEGER     NOT NULL,
  amount        BIGINT      NOT NULL,
  balance_after BIGINT,
  PRIMARY KEY (entry_id, posting_index)
);
CREATE INDEX ledger_postings_by_user ON ledger_postings (user_id, asset_id, entry_id, posting_index);

-- Each user's balance per asset, as of sequence.
CREATE TABLE balances (
  user_id   BIGINT  NOT NULL,
  asset_id  INTEGER NOT NULL,
  available BIGINT  NOT NULL,
  held      BIGINT  NOT NULL,
  sequence  BIGINT  NOT NULL,
  PRIMARY KEY (user_id, asset_id)
);
