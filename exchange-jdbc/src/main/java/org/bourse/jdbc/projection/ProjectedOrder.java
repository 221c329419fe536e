package org.bourse.jdbc.projection;

import org.bourse.core.OrderState;

/**
 * An order as the projection holds it: its latest state and when it was created and last changed.
 *
 * @param state the order's latest state (units as in {@link OrderState})
 * @param createdSequence the journal sequence of the command that created it
 * @param createdMs that command's timestamp, epoch milliseconds
 * @param updatedSequence the journal sequence of its latest change
 * @param updatedMs that change's timestamp, epoch milliseconds
 */
public record ProjectedOrder(
    OrderState state, long createdSequence, long createdMs, long updatedSequence, long updatedMs) {}
