package dev.plumbline.vcs;

import java.time.Duration;

/**
 * How often, and how long, a call to a host is tried again after a rate limit or a server error. Bounded on
 * purpose: a webhook handler or a poll must not hang for an hour because the host asked us to wait that long; it
 * fails, and the next event or poll tries again.
 *
 * @param attempts   how many times a call is made at most, the first included
 * @param firstDelay the wait before the second attempt when the host does not say how long; it doubles each time
 * @param maxDelay   the longest single wait; a host asking for more fails the call at once
 */
public record Backoff(int attempts, Duration firstDelay, Duration maxDelay) {
    public static final Backoff DEFAULT = new Backoff(3, Duration.ofSeconds(1), Duration.ofSeconds(20));

    public Backoff {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, got " + attempts);
        }
        if (firstDelay.isNegative() || maxDelay.isNegative()) {
            throw new IllegalArgumentException("delays must not be negative");
        }
    }

    /** The wait before attempt {@code attempt + 1} when the host gave no hint. */
    Duration after(int attempt) {
        Duration d = firstDelay.multipliedBy(1L << Math.min(attempt - 1, 20));
        return d.compareTo(maxDelay) > 0 ? maxDelay : d;
    }
}
