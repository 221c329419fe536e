-- The command log: one row per journaled command, the source of truth of the exchange.
-- command holds Command.encode(...) bytes; sequence has no gaps.
CREATE TABLE journal (
  sequence     BIGINT PRIMARY KEY,
  timestamp_ms BIGINT NOT NULL,
  command      BYTEA  NOT NULL
);
