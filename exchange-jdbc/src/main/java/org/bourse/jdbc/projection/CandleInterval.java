package org.bourse.jdbc.projection;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The lengths of candle intervals, named as exchanges name them (1m … 1d). */
public enum CandleInterval {
  M1("1m", 60_000L),
  M5("5m", 300_000L),
  M15("15m", 900_000L),
  H1("1h", 3_600_000L),
  H4("4h", 14_400_000L),
  D1("1d", 86_400_000L);

  private final String label;
  private final long millis;

  CandleInterval(String label, long millis) {
    this.label = label;
    this.millis = millis;
  }

  /** The interval's name, e.g. {@code 15m}. */
  public String label() {
    return label;
  }

  /** The interval's length in milliseconds. */
  public long millis() {
    return millis;
  }

  /**
   * The interval with this name.
   *
   * @throws IllegalArgumentException naming the valid names if there is none
   */
  public static CandleInterval parse(String label) {
    for (CandleInterval interval : values()) {
      if (interval.label.equals(label)) {
        return interval;
      }
    }
    throw new IllegalArgumentException(
        "interval must be one of "
            + Arrays.stream(values()).map(CandleInterval::label).collect(Collectors.joining(", "))
            + ", was "
            + label);
  }
}
