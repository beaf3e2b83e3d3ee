package dev.plumbline.source;

import dev.plumbline.domain.Backoff;
import java.time.Duration;

/**
 * How a fetch copes with a bad network: each attempt gives up after {@code timeout} without progress (a server
 * that accepts and then hangs must not hold the mirror's lock forever), and a failed attempt is tried again,
 * {@code attempts} in all, waiting {@code initialDelay} after the first failure and doubling up to
 * {@code maxDelay}.
 */
public record RetryPolicy(int attempts, Duration initialDelay, Duration maxDelay, Duration timeout) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);
    public static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofSeconds(30));

    public RetryPolicy {
        if (attempts < 1) {
            throw new IllegalArgumentException("retry attempts must be at least 1, got " + attempts);
        }
        if (initialDelay == null || initialDelay.isNegative() || maxDelay == null || maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("retry delays must satisfy 0 <= initialDelay <= maxDelay, got "
                    + initialDelay + " and " + maxDelay);
        }
        if (timeout == null || timeout.toSeconds() < 1) {
            throw new IllegalArgumentException("fetch timeout must be at least one second, got " + timeout);
        }
    }

    public RetryPolicy(int attempts, Duration initialDelay, Duration maxDelay) {
        this(attempts, initialDelay, maxDelay, DEFAULT_TIMEOUT);
    }

    /** The wait after the given failed attempt (1-based). */
    Duration delayAfter(int failedAttempt) {
        return new Backoff(attempts, initialDelay, maxDelay).after(failedAttempt);
    }
}
