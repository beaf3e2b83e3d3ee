package dev.plumbline.notify;

import dev.plumbline.domain.Classification;
import dev.plumbline.domain.DriftFinding;
import dev.plumbline.domain.WorkspaceId;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the configured channels when a workspace's drift appears, changes or is resolved; not on every check.
 *
 * <p>Notifications must never fail or slow down a run: {@link #onDriftCheck} decides on the caller's thread (one
 * short transaction) and hands the event to each channel's {@link Outbox}, which sends it on a thread of its own
 * with bounded timeouts. Every failure is logged, never thrown. Delivery is at most once: the new state is
 * recorded when the notification is decided, so a channel that was down misses that event and is not retried.
 */
public final class DriftNotifier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DriftNotifier.class);
    /** Long enough for a send in progress to finish within its own timeouts. */
    private static final Duration CLOSE_TIMEOUT = JsonPost.CONNECT_TIMEOUT.plus(JsonPost.REQUEST_TIMEOUT);

    private final DriftState state;
    private final List<Outbox> outboxes = new ArrayList<>();
    private final String baseUrl;
    private final Clock clock;

    /** @param baseUrl where Plumbline's pages are served, for the link to the run; may be null */
    public DriftNotifier(DriftState state, List<Channel> channels, String baseUrl) {
        this(state, channels, baseUrl, Clock.systemUTC());
    }

    DriftNotifier(DriftState state, List<Channel> channels, String baseUrl, Clock clock) {
        this.state = Objects.requireNonNull(state, "state");
        for (int i = 0; i < channels.size(); i++) {
            outboxes.add(new Outbox(channels.get(i), "plumbline-notify-" + (i + 1)));
        }
        this.baseUrl = baseUrl;
        this.clock = clock;
    }

    /**
     * Called after each drift check with what it found; {@code classification} is null when the run failed before
     * classifying. Returns at once; sending happens later, on the channels' threads.
     */
    public void onDriftCheck(WorkspaceId workspace, long runId, Classification classification,
                             List<DriftFinding> findings) {
        // With nowhere to send, record nothing either: drift present when channels are added is then news.
        if (outboxes.isEmpty()) {
            return;
        }
        try {
            DriftObservation seen = new DriftObservation(runId, classification,
                    findings == null ? List.of() : findings);
            Transition t = state.decide(workspace, seen);
            if (!t.notifies()) {
                return;
            }
            DriftEvent event = DriftEvent.of(t, workspace, seen, baseUrl, clock.instant());
            LOG.info("run {}: drift in {} is {}; notifying {} channel(s)", runId, workspace, t.wire(),
                    outboxes.size());
            outboxes.forEach(o -> o.post(event));
        } catch (RuntimeException e) {
            LOG.warn("deciding whether to notify drift in {} (run {}): {}", workspace, runId, e.toString(), e);
        }
    }

    /** Stops taking events and gives the queued ones a few seconds to go; what is left is logged as lost. */
    @Override
    public void close() {
        long deadline = System.nanoTime() + CLOSE_TIMEOUT.toNanos();
        outboxes.forEach(o -> o.close(deadline));
    }
}
