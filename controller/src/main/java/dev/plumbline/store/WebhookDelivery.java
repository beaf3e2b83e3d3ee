package dev.plumbline.store;

import java.time.Instant;

/**
 * A webhook delivery as stored. {@code host} is {@code github} or {@code gitlab}; {@code repo} the configured repo
 * whose secret verified it; {@code event} the host's event header; {@code status} received, processing, done or
 * failed. {@code processedAt} and {@code outcome} are null until it is done.
 */
public record WebhookDelivery(long id, String host, String repo, String deliveryId, String event,
                              Instant receivedAt, String body, String status, Instant processedAt, String outcome) {
    public static final String RECEIVED = "received";
    public static final String PROCESSING = "processing";
    public static final String DONE = "done";
    public static final String FAILED = "failed";
}
