package org.bourse.store;

import java.util.Arrays;

/**
 * The response to a completed idempotent request, replayed to repeats.
 *
 * <p><b>Thread-safety:</b> the record is immutable; {@link #body} returns a copy.
 *
 * @param statusCode the HTTP status, 100 to 599
 * @param body the response body, at most {@link #MAX_BODY_BYTES}
 */
public record StoredResponse(int statusCode, byte[] body) {

  /** The largest body stored: 1 MiB. */
  public static final int MAX_BODY_BYTES = 1 << 20;

  public StoredResponse {
    Fields.between(statusCode, "statusCode", 100, 599);
    if (body.length > MAX_BODY_BYTES) {
      throw new IllegalArgumentException(
          "body must be at most " + MAX_BODY_BYTES + " bytes, was " + body.length);
    }
    body = body.clone();
  }

  /** A copy of the body. */
  @Override
  public byte[] body() {
    return body.clone();
  }

  /** Compares the body by content. */
  @Override
  public boolean equals(Object other) {
    return other instanceof StoredResponse that
        && statusCode == that.statusCode
        && Arrays.equals(body, that.body);
  }

  @Override
  public int hashCode() {
    return statusCode * 31 + Arrays.hashCode(body);
  }

  @Override
  public String toString() {
    return "StoredResponse[statusCode=" + statusCode + ", body=" + body.length + " bytes]";
  }
}
