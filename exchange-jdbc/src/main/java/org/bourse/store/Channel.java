package org.bourse.store;

/** How a notification reaches the user. */
public enum Channel {
  /** Email over SMTP. */
  EMAIL,
  /** Text message through an HTTP gateway. */
  SMS,
  /** The in-app inbox and a WebSocket push. */
  IN_APP
}
