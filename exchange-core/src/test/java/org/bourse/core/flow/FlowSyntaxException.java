package org.bourse.core.flow;

/** A flow file that cannot be read: an unknown command, a missing argument, a bad number. */
final class FlowSyntaxException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  FlowSyntaxException(String message) {
    super(message);
  }
}
