package org.bourse.core;

import java.util.Objects;

/**
 * One journaled command with the sequence number and timestamp the runtime gave it.
 *
 * @param sequence 1, 2, 3, … without gaps
 * @param timestampMs epoch milliseconds, never decreasing along the sequence
 */
public record JournalRecord(long sequence, long timestampMs, Command command) {
  public JournalRecord {
    Objects.requireNonNull(command, "command");
  }
}
