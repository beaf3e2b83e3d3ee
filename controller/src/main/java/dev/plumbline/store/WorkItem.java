package dev.plumbline.store;

import java.time.Instant;
import java.util.Objects;

/**
 * Queued work as stored: the {@link Work} asked for (its {@code notBefore} always set), where it is, who claimed it
 * and when ({@code claimedBy} and {@code claimedAt}, null unless claimed), the last run it made ({@code runId}, null
 * until one finished) and when it was queued and ended ({@code finishedAt}, null until then).
 */
public record WorkItem(long id, Work work, WorkState state, String claimedBy, Instant claimedAt, Long runId,
                       Instant createdAt, Instant finishedAt) {
    public WorkItem {
        Objects.requireNonNull(work, "work");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    @Override
    public String toString() {
        return "work " + id + ": " + work.describe();
    }
}
