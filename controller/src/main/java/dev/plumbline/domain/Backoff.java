package dev.plumbline.domain;

import java.time.Duration;

/**
 * The one way Plumbline waits before trying again: {@code attempts} in all, the first included, waiting
 * {@code firstDelay} after the first failure and doubling up to {@code maxDelay}. Used for calls to code hosts,
 * Git fetches and failed runs.
 *
 * @param attempts   how many times something is tried at most, the first included
 * @param firstDelay the wait after the first failure; it doubles each time
 * @param maxDelay   the longest single wait
 */
public record Backoff(int attempts, Duration firstDelay, Duration maxDelay) {
    /** Calls to a code host: bounded, so a webhook handler or a poll never hangs because the host asks it to. */
    public static final Backoff DEFAULT = new Backoff(3, Duration.ofSeconds(1), Duration.ofSeconds(20));

    public Backoff {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, got " + attempts);
        }
        if (firstDelay == null || maxDelay == null || firstDelay.isNegative() || maxDelay.isNegative()) {
            throw new IllegalArgumentException("delays must be set and not negative, got " + firstDelay + " and "
                    + maxDelay);
        }
    }

    /** The wait after failed attempt {@code failed} (1-based), before attempt {@code failed + 1}. */
    public Duration after(int failed) {
        Duration d = firstDelay.multipliedBy(1L << Math.max(0, Math.min(failed - 1, 20)));
        return d.compareTo(maxDelay) > 0 ? maxDelay : d;
    }
}
