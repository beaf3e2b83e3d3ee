package dev.plumbline.store;

import dev.plumbline.domain.WorkspaceId;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/** One row of the notification outbox: an event for one channel, and how its delivery went so far. */
public record Notification(long id, String channel, Event event, Delivery delivery) {
    public Notification {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(delivery, "delivery");
    }

    /** What is sent: {@code payload} is the event's JSON, {@code eventId} its idempotency key. */
    public record Event(String eventId, WorkspaceId workspace, long runId, String transition, String payload,
                        Instant createdAt) {
        public Event {
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(payload, "payload");
            Objects.requireNonNull(createdAt, "createdAt");
        }
    }

    /** The attempts made (a claim counts as one), when the next is due, and how it ended, if it did. */
    public record Delivery(int attempts, Instant nextAttemptAt, String lastError, Instant deliveredAt,
                           Instant givenUpAt) { }

    /** Where a row stands. */
    public enum State {
        PENDING, DELIVERED, GIVEN_UP;

        public String wire() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public State state() {
        if (delivery.deliveredAt() != null) {
            return State.DELIVERED;
        }
        return delivery.givenUpAt() != null ? State.GIVEN_UP : State.PENDING;
    }
}
