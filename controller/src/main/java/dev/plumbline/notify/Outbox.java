package dev.plumbline.notify;

import dev.plumbline.store.Database;
import dev.plumbline.store.StoreException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's side of the notification outbox (the {@code notification_outbox} table): one {@link Courier} per
 * channel, each on a thread of its own, so a slow or dead channel delays only itself.
 *
 * <p>A daemon delivers every due event of its channels ({@link #deliverEveryEvent}), whoever wrote it, and gives
 * up those older than the max age; daemons sharing a database take turns through the rows' claims. A CLI command
 * delivers only the events it wrote, starting with the first, and flushes them when it closes; what it could not
 * send stays in the table for a daemon.
 */
final class Outbox {
    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
    /** As long as the table's column. */
    private static final int MAX_KEY = 300;
    /** Giving up is cheap, but needs doing only now and then. */
    private static final Duration SWEEP_EVERY = Duration.ofMinutes(1);

    private final Database db;
    private final OutboxPolicy policy;
    private final Clock clock;
    private final List<Courier> couriers = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean everyEvent;
    private volatile boolean stopping;
    private volatile long deadlineNanos;
    private Instant lastSweep = Instant.MIN;

    Outbox(Database db, List<Channel> channels, OutboxPolicy policy, Clock clock) {
        this.db = db;
        this.policy = policy;
        this.clock = clock;
        Map<String, Integer> seen = new HashMap<>();
        for (Channel c : channels) {
            int n = seen.merge(c.name(), 1, Integer::sum);
            couriers.add(new Courier(c, key(n == 1 ? c.name() : c.name() + " #" + n), db, policy, clock));
        }
    }

    /**
     * A channel's name in the table: its own name, which holds no secret, and which stays the same when channels
     * are reordered; a second channel of the same name gets {@code #2}. A very long one is cut and made unique again
     * by its digest.
     */
    static String key(String name) {
        if (name.length() <= MAX_KEY) {
            return name;
        }
        return name.substring(0, MAX_KEY - 17) + "..." + sha256(name).substring(0, 14);
    }

    List<String> keys() {
        return couriers.stream().map(Courier::key).toList();
    }

    /** Delivers every due event of these channels from now on, and gives up those older than the max age. */
    synchronized void deliverEveryEvent() {
        everyEvent = true;
        start();
        couriers.forEach(Courier::wake);
    }

    /** Rows this process wrote, committed: each is sent now, on its channel's thread. */
    synchronized void queued(Queued q) {
        if (q.idsByChannel().isEmpty() || stopping) {
            return;
        }
        start();
        for (Courier c : couriers) {
            Long id = q.idsByChannel().get(c.key());
            if (id != null) {
                c.wrote(id);
            }
        }
    }

    private void start() {
        if (!threads.isEmpty() || stopping) {
            return;
        }
        for (int i = 0; i < couriers.size(); i++) {
            Courier c = couriers.get(i);
            boolean sweeps = i == 0;
            Thread t = new Thread(() -> loop(c, sweeps), "plumbline-notify-" + (i + 1));
            t.setDaemon(true);
            threads.add(t);
        }
        threads.forEach(Thread::start);
    }

    private void loop(Courier c, boolean sweeps) {
        try {
            while (!stopping) {
                if (sweeps && everyEvent) {
                    sweepNowAndThen();
                }
                if (c.round(everyEvent) == 0) {
                    c.await(policy.idlePoll());
                }
            }
            // stopping: what is due goes now, while the deadline allows; a failure waits for its retry elsewhere
            int claimed;
            do {
                claimed = c.round(everyEvent);
            } while (claimed > 0 && System.nanoTime() < deadlineNanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("notifications to {} stopped: {}", c.channelName(), e.toString(), e);
        }
    }

    private void sweepNowAndThen() {
        Instant now = clock.instant();
        if (now.isBefore(lastSweep.plus(SWEEP_EVERY))) {
            return;
        }
        lastSweep = now;
        sweep(now);
    }

    /** Gives up the events of any channel older than the max age that nobody is sending; returns how many. */
    int sweep(Instant now) {
        try {
            int n = db.notificationOutbox().giveUpStale(now.minus(policy.maxAge()), now,
                    "not delivered within " + human(policy.maxAge()) + " (notifications.max_age)");
            if (n > 0) {
                LOG.error("gave up {} notification(s) not delivered within {}: see plumbline notifications", n,
                        human(policy.maxAge()));
            }
            return n;
        } catch (StoreException e) {
            LOG.warn("giving up old notifications: {}", e.getMessage());
            return 0;
        }
    }

    /**
     * One round of every channel on the caller's thread, with the sweep when delivering every event: what the
     * threads do, for tests that move the clock between rounds. Only for an outbox whose threads never started.
     */
    synchronized int deliverDue(boolean every) {
        if (!threads.isEmpty()) {
            throw new IllegalStateException("delivering notifications by hand: the outbox's threads are running");
        }
        if (every) {
            sweep(clock.instant());
        }
        return couriers.stream().mapToInt(c -> c.round(every)).sum();
    }

    /**
     * Stops taking events; gives those due until {@code deadline} (a {@link System#nanoTime}) to go. Whatever is
     * not sent by then stays in the outbox, to be sent by a daemon.
     */
    void close(long deadline) {
        List<Thread> running;
        synchronized (this) {
            deadlineNanos = deadline;
            stopping = true;
            running = List.copyOf(threads);
        }
        couriers.forEach(Courier::wake);
        for (Thread t : running) {
            try {
                t.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (int i = 0; i < running.size(); i++) {
            if (running.get(i).isAlive()) {
                running.get(i).interrupt();
                LOG.warn("stopping notifications to {}: a send is still going; its event stays in the outbox and "
                        + "is sent again once its claim runs out", couriers.get(i).channelName());
            }
        }
        for (Courier c : couriers) {
            if (c.ownPending() > 0) {
                LOG.warn("stopping notifications to {}: {} event(s) written here are not delivered yet; they stay in "
                        + "the outbox for a daemon (plumbline notifications lists them)", c.channelName(),
                        c.ownPending());
            }
        }
    }

    /** {@code 24h}, {@code 90m}, {@code 45s}: as durations are written in the config. */
    static String human(Duration d) {
        if (d.toSeconds() % 3600 == 0) {
            return d.toHours() + "h";
        }
        return d.toSeconds() % 60 == 0 ? d.toMinutes() + "m" : d.toSeconds() + "s";
    }

    private static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("naming a notification channel: every Java has SHA-256: " + e, e);
        }
    }
}
