package dev.plumbline.notify;

import dev.plumbline.store.Database;
import dev.plumbline.store.Notification;
import dev.plumbline.store.StoreException;
import dev.plumbline.util.Echo;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers one channel's rows of the outbox, one at a time: claims what is due, sends it, and marks it delivered,
 * due again after the backoff, or given up once it is older than the max age. Every failure is logged and
 * recorded on the row, never thrown: a channel that is down delays only its own events.
 */
final class Courier {
    private static final Logger LOG = LoggerFactory.getLogger(Courier.class);
    /** The rows one claim takes: enough to drain a backlog quickly, few enough to leave some to other daemons. */
    private static final int BATCH = 20;

    private final Channel channel;
    private final String key;
    private final Database db;
    private final OutboxPolicy policy;
    private final Clock clock;
    /** The rows this process wrote and has not seen delivered or given up. */
    private final Set<Long> own = ConcurrentHashMap.newKeySet();
    private final Semaphore wakeups = new Semaphore(0);

    Courier(Channel channel, String key, Database db, OutboxPolicy policy, Clock clock) {
        this.channel = channel;
        this.key = key;
        this.db = db;
        this.policy = policy;
        this.clock = clock;
    }

    String key() {
        return key;
    }

    String channelName() {
        return channel.name();
    }

    void wrote(long id) {
        own.add(id);
        wake();
    }

    int ownPending() {
        return own.size();
    }

    void wake() {
        if (wakeups.availablePermits() == 0) {
            wakeups.release();
        }
    }

    /** Waits until woken or {@code timeout} has passed. */
    void await(Duration timeout) throws InterruptedException {
        if (wakeups.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            wakeups.drainPermits();
        }
    }

    /**
     * Claims the rows due now, of every event of the channel or only of those this process wrote, and sends each;
     * returns how many were claimed. A store that cannot be reached is logged: the next round tries again.
     */
    int round(boolean everyEvent) {
        Instant now = clock.instant();
        Instant leaseUntil = now.plus(policy.lease());
        List<Notification> claimed;
        try {
            claimed = everyEvent ? db.notificationOutbox().claim(key, now, leaseUntil, BATCH)
                    : db.notificationOutbox().claimAmong(key, own, now, leaseUntil);
        } catch (StoreException e) {
            LOG.warn("notifications to {}: {}", channel.name(), e.getMessage());
            return 0;
        }
        claimed.forEach(this::deliver);
        return claimed.size();
    }

    private void deliver(Notification n) {
        DriftEvent event;
        try {
            event = DriftEvent.fromJson(n.event().payload());
            if (!event.eventId().equals(n.event().eventId())) {
                throw new IllegalArgumentException("the stored payload is of event " + event.eventId() + ", not "
                        + Echo.quote(n.event().eventId()));
            }
        } catch (IllegalArgumentException e) {
            // not something a retry can mend
            record(n, () -> db.notificationOutbox().gaveUp(n.id(), e.getMessage(), clock.instant()));
            LOG.error("giving up notification {} to {}: {}", n.id(), channel.name(), e.getMessage());
            own.remove(n.id());
            return;
        }
        String failure;
        try {
            channel.send(event);
            record(n, () -> db.notificationOutbox().delivered(n.id(), clock.instant()));
            own.remove(n.id());
            LOG.info("notified {} of {} drift in {} (run {}, event {}, attempt {})", channel.name(),
                    event.transition(), event.workspace(), event.runId(), event.eventId(), n.delivery().attempts());
            return;
        } catch (NotificationException x) {
            // the message says it all, without secrets; a cause's stack adds nothing an operator can act on
            failure = x.getMessage();
        } catch (RuntimeException x) {
            // a fault, not a refusal: its message is not known to be free of secrets, so only the log has it
            failure = "notifying " + channel.name() + " of " + event.transition() + " drift in " + event.workspace()
                    + " (run " + event.runId() + "): unexpected " + x.getClass().getSimpleName() + " (see the log)";
            LOG.warn("{}: {}", failure, x.toString(), x);
        }
        failed(n, failure);
    }

    /** Due again after the backoff, but never later than the max age, when a last failure gives it up. */
    private void failed(Notification n, String failure) {
        Instant now = clock.instant();
        Instant giveUpAt = n.event().createdAt().plus(policy.maxAge());
        if (!now.isBefore(giveUpAt)) {
            record(n, () -> db.notificationOutbox().gaveUp(n.id(), failure, now));
            own.remove(n.id());
            LOG.error("{}; giving up after {} attempt(s): not delivered within {} (notifications.max_age)", failure,
                    n.delivery().attempts(), Outbox.human(policy.maxAge()));
            return;
        }
        Instant next = now.plus(policy.backoff().after(n.delivery().attempts()));
        Instant due = next.isAfter(giveUpAt) ? giveUpAt : next;
        record(n, () -> db.notificationOutbox().retryAt(n.id(), failure, due));
        LOG.warn("{}; attempt {} failed, the next is due at {}", failure, n.delivery().attempts(), due);
    }

    /** A store that fails here leaves the row claimed: it is due again once the lease runs out. */
    private void record(Notification n, Runnable write) {
        try {
            write.run();
        } catch (StoreException e) {
            LOG.warn("notification {} to {}: {}; it is sent again once its claim runs out", n.id(), channel.name(),
                    e.getMessage());
        }
    }
}
