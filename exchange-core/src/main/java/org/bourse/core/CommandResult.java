package org.bourse.core;

import java.util.List;

/**
 * The outcome of one command: accepted or rejected, the identifiers it created, and the events it
 * caused (as many as the configured {@link EventDetail} asks for).
 *
 * @param sequence the sequence number the engine gave the command; for a duplicate, the sequence of
 *     the first application; 0 for a command refused at the edge before it reached the engine
 * @param timestampMs the command's timestamp, epoch milliseconds
 * @param commandId the command's idempotency key
 * @param rejectReason why the command was refused, or {@code null} if it was accepted
 * @param rejectMessage a human-readable explanation naming the field and rule where the reason
 *     alone does not say it: set by the edges (such as {@link DecimalExchange}) and for invalid
 *     definitions; {@code null} otherwise, and in duplicate results
 * @param orderId the order the command created or acted on, or 0
 * @param orderStatus that order's status when the command completed, or {@code null}
 * @param withdrawalId the withdrawal the command created or acted on, or 0
 * @param duplicate whether this is the remembered result of an earlier command with the same id
 * @param events what changed, in the order it happened; empty for rejections and duplicates
 */
public record CommandResult(
    long sequence,
    long timestampMs,
    long commandId,
    RejectReason rejectReason,
    String rejectMessage,
    long orderId,
    OrderStatus orderStatus,
    long withdrawalId,
    boolean duplicate,
    List<ExchangeEvent> events) {

  /** Whether the command was accepted (an accepted order may still have expired). */
  public boolean accepted() {
    return rejectReason == null;
  }

  /** A rejection decided at an edge (parsing, conversion) before the command reached the engine. */
  public static CommandResult rejectedAtEdge(RejectReason reason, String message) {
    return new CommandResult(0, 0, 0, reason, message, 0, null, 0, false, List.of());
  }
}
