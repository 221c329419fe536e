package org.bourse.jdbc.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

/** Conversions between column values and the records' types, shared by the adapters. */
final class Columns {

  private Columns() {}

  static Instant instant(ResultSet row, String column) throws SQLException {
    return Instant.ofEpochMilli(row.getLong(column));
  }

  static Optional<Instant> optionalInstant(ResultSet row, String column) throws SQLException {
    long millis = row.getLong(column);
    return row.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
  }

  static OptionalLong optionalLong(ResultSet row, String column) throws SQLException {
    long value = row.getLong(column);
    return row.wasNull() ? OptionalLong.empty() : OptionalLong.of(value);
  }

  /** An enum set as sorted, comma-separated names. */
  static String names(Collection<? extends Enum<?>> values) {
    return values.stream().map(Enum::name).sorted().collect(Collectors.joining(","));
  }

  static <E extends Enum<E>> Set<E> enumSet(String names, Class<E> type) {
    EnumSet<E> set = EnumSet.noneOf(type);
    if (!names.isEmpty()) {
      Arrays.stream(names.split(",")).map(name -> Enum.valueOf(type, name)).forEach(set::add);
    }
    return set;
  }
}
