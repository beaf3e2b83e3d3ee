package dev.plumbline.store;

import java.time.Instant;

/**
 * How the notification outbox stands: events still to deliver (and since when the oldest waits) and events given
 * up since some moment (and the last of them). The instants are null when the count is zero.
 */
public record NotificationCounts(long pending, Instant oldestPending, long givenUp, Instant lastGivenUp) {
    public static final NotificationCounts NONE = new NotificationCounts(0, null, 0, null);

    public boolean worthAWarning() {
        return pending > 0 || givenUp > 0;
    }
}
