package dev.plumbline.config;

import dev.plumbline.domain.Backoff;
import java.time.Duration;

/** How a failed run is retried: up to {@code maxAttempts} in all, the wait doubling up to {@code maxBackoff}. */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
    public static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofSeconds(30), Duration.ofMinutes(10));

    /** The wait before attempt {@code attempt} (2 for the first retry), never more than {@code maxBackoff}. */
    public Duration backoffBefore(int attempt) {
        return new Backoff(maxAttempts, initialBackoff, maxBackoff).after(attempt - 1);
    }
}
