package org.bourse.jdbc.projection;

import java.util.List;
import java.util.Objects;

/**
 * One page of a history query, oldest first.
 *
 * @param items at most the requested number of rows
 * @param nextCursor pass it to the same query for the rows after this page; {@code null} when this
 *     is the last page. Opaque: valid only for the query that returned it.
 * @param <T> the row type
 */
public record Page<T>(List<T> items, String nextCursor) {
  public Page {
    items = List.copyOf(Objects.requireNonNull(items, "items"));
  }

  /** Whether more rows follow. */
  public boolean hasMore() {
    return nextCursor != null;
  }
}
