package dev.plumbline.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * When a run was queued, started and finished. {@code startedAt} is null while the run is still queued,
 * {@code finishedAt} until it is final; a run started at once was queued and started at the same instant.
 */
public record RunTimes(Instant queuedAt, Instant startedAt, Instant finishedAt) {
    public RunTimes {
        Objects.requireNonNull(queuedAt, "queuedAt");
    }

    /** How long the tool ran; empty until the run has both started and finished. */
    public Optional<Duration> duration() {
        if (startedAt == null || finishedAt == null) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(startedAt, finishedAt));
    }
}
