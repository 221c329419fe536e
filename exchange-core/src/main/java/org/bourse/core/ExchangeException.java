package org.bourse.core;

/**
 * The one unchecked exception of Bourse: thrown for programming errors (misuse of the API, such as
 * a timestamp that goes backwards) and for corrupt state. Expected outcomes such as insufficient
 * funds are never exceptions; they are {@link CommandResult rejections} with a {@link
 * RejectReason}.
 */
public final class ExchangeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what went wrong, naming the field or state involved
   */
  public ExchangeException(String message) {
    super(message);
  }

  /**
   * @param message what went wrong
   * @param cause the underlying failure
   */
  public ExchangeException(String message, Throwable cause) {
    super(message, cause);
  }
}
