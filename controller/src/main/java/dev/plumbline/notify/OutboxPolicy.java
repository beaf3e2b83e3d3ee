package dev.plumbline.notify;

import dev.plumbline.config.NotificationsConfig;
import dev.plumbline.domain.Backoff;
import java.time.Duration;
import java.util.Objects;

/**
 * How the outbox retries: a failed send is tried again after {@code backoff} (doubling), until the event is
 * {@code maxAge} old, when it is given up. A claimed event is not due again for {@code lease}, which must outlast
 * the longest send; the outbox looks for events written elsewhere (another daemon, a CLI command) every
 * {@code idlePoll}.
 */
public record OutboxPolicy(Duration maxAge, Backoff backoff, Duration lease, Duration idlePoll) {
    /** 10 s after the first failure, doubling up to 10 minutes; the attempts are bounded by the max age instead. */
    static final Backoff RETRIES = new Backoff(Integer.MAX_VALUE, Duration.ofSeconds(10), Duration.ofMinutes(10));
    /** Eight times the longest send a channel allows (SNS's call timeout, a post's connect and request timeouts). */
    static final Duration LEASE = Duration.ofMinutes(2);
    static final Duration IDLE_POLL = Duration.ofSeconds(5);

    public static final OutboxPolicy DEFAULT = of(NotificationsConfig.DEFAULT_MAX_AGE);

    public OutboxPolicy {
        Objects.requireNonNull(backoff, "backoff");
        for (Duration d : new Duration[] {maxAge, lease, idlePoll}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("the notification outbox's max age, lease and poll interval must "
                        + "be longer than zero, got " + maxAge + ", " + lease + " and " + idlePoll);
            }
        }
    }

    /** The retries, lease and poll interval every daemon uses, with the config's max age. */
    public static OutboxPolicy of(Duration maxAge) {
        return new OutboxPolicy(maxAge, RETRIES, LEASE, IDLE_POLL);
    }
}
