package dev.plumbline.notify;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The events waiting for one channel, sent one at a time on a thread of its own: a slow or dead channel delays
 * only itself, and its events keep their order. The queue is bounded; when full, new events are dropped and
 * logged rather than piling up in memory while a channel is down.
 */
final class Outbox {
    private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
    static final int CAPACITY = 100;

    private final Channel channel;
    private final ThreadPoolExecutor sender;

    Outbox(Channel channel, String threadName) {
        this.channel = channel;
        this.sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(CAPACITY),
                r -> {
                    Thread t = new Thread(r, threadName);
                    t.setDaemon(true);
                    return t;
                });
    }

    void post(DriftEvent e) {
        try {
            sender.execute(() -> deliver(e));
        } catch (RejectedExecutionException x) {
            LOG.warn("notifying {} of {} drift in {} (run {}): dropped, {}", channel.name(), e.transition(),
                    e.workspace(), e.runId(), sender.isShutdown() ? "notifications are stopping"
                            : CAPACITY + " notifications are already waiting");
        }
    }

    private void deliver(DriftEvent e) {
        try {
            channel.send(e);
            LOG.info("notified {} of {} drift in {} (run {})", channel.name(), e.transition(), e.workspace(),
                    e.runId());
        } catch (NotificationException x) {
            // the message says it all, without secrets; a cause's stack adds nothing an operator can act on
            LOG.warn("{}", x.getMessage());
        } catch (RuntimeException x) {
            LOG.warn("notifying {} of {} drift in {} (run {}): {}", channel.name(), e.transition(), e.workspace(),
                    e.runId(), x.toString(), x);
        }
    }

    /** Stops taking events and waits until {@code deadlineNanos} (a {@link System#nanoTime}) for those queued. */
    void close(long deadlineNanos) {
        sender.shutdown();
        try {
            if (sender.awaitTermination(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                return;
            }
        } catch (InterruptedException x) {
            Thread.currentThread().interrupt();
        }
        int lost = sender.shutdownNow().size();
        LOG.warn("stopping notifications to {}: {} queued events not sent", channel.name(), lost);
    }
}
