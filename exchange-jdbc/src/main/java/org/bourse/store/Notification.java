package org.bourse.store;

import java.time.Instant;
import java.util.Optional;

/**
 * A notification in the outbox, as a worker claimed it or as a dead letter.
 *
 * <p><b>Thread-safety:</b> immutable.
 *
 * @param id the outbox id, increasing in enqueue order
 * @param userId the recipient
 * @param channel how to deliver it
 * @param topic what it is about
 * @param payload the template's data
 * @param attempt how many times it has been claimed, this claim included; it also fences the claim:
 *     marking with a stale attempt number changes nothing
 * @param maxAttempts the attempts allowed before it becomes a dead letter
 * @param createdAt when it was enqueued
 * @param lastError the last failure reported, if any
 */
public record Notification(
    long id,
    long userId,
    Channel channel,
    String topic,
    String payload,
    int attempt,
    int maxAttempts,
    Instant createdAt,
    Optional<String> lastError) {}
