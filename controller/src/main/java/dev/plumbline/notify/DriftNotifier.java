package dev.plumbline.notify;

import dev.plumbline.domain.Classification;
import dev.plumbline.domain.DriftFinding;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.store.Notification;
import dev.plumbline.store.Tx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the configured channels when a workspace's drift appears, changes or is resolved; not on every check.
 *
 * <p>Delivery is at least once. The transition is decided and recorded ({@link DriftState}) in the same
 * transaction that writes one outbox row per channel, preferably the transaction that finishes the drift check
 * ({@link #record}); the {@link Outbox} sends the rows afterwards, on threads of its own, retrying with a backoff
 * until the event is older than the max age. Every event carries an id ({@link DriftEvent#eventId}) that stays the
 * same across retries, so a receiver can drop a repeat.
 *
 * <p>Notifications must never fail or slow down a run: deciding is one short piece of a transaction, undone on its
 * own when it fails, and every failure is logged, never thrown. A decision that could not be recorded is made
 * again by the next check, which finds the state as it was.
 */
public final class DriftNotifier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DriftNotifier.class);
    /** Long enough for a send in progress to finish within its own timeouts. */
    private static final Duration CLOSE_TIMEOUT = JsonPost.CONNECT_TIMEOUT.plus(JsonPost.REQUEST_TIMEOUT);

    private final DriftState state;
    /** Null without channels. */
    private final Outbox outbox;
    private final String baseUrl;
    private final Clock clock;

    /** @param baseUrl where Plumbline's pages are served, for the link to the run; may be null */
    public DriftNotifier(DriftState state, List<Channel> channels, String baseUrl) {
        this(state, channels, baseUrl, OutboxPolicy.DEFAULT);
    }

    public DriftNotifier(DriftState state, List<Channel> channels, String baseUrl, OutboxPolicy policy) {
        this(state, channels.isEmpty() ? null : new Outbox(state.db(), channels, policy, Clock.systemUTC()), baseUrl,
                Clock.systemUTC());
    }

    DriftNotifier(DriftState state, Outbox outbox, String baseUrl, Clock clock) {
        this.state = Objects.requireNonNull(state, "state");
        this.outbox = outbox;
        this.baseUrl = baseUrl;
        this.clock = clock;
    }

    /**
     * Called after a drift check with what it found, when its finishing transaction could not carry the decision
     * ({@link #record}); {@code classification} is null when the run failed before classifying. Decides in a
     * transaction of its own and returns at once; sending happens on the outbox's threads.
     */
    public void onDriftCheck(WorkspaceId workspace, long runId, Classification classification,
                             List<DriftFinding> findings) {
        // With nowhere to send, record nothing either: drift present when channels are added is then news.
        if (outbox == null) {
            return;
        }
        DriftObservation seen = observation(runId, classification, findings);
        try {
            queued(state.db().inTransaction(tx -> decideAndQueue(tx, workspace, seen)));
        } catch (RuntimeException e) {
            LOG.warn("deciding whether to notify drift in {} (run {}): {}", workspace, runId, e.toString(), e);
        }
    }

    /**
     * Decides inside the caller's transaction (the one finishing the drift check) and writes the outbox rows there;
     * hand what this returns to {@link #queued} once it commits. A failure here is undone on its own and logged:
     * the caller's transaction goes on without it.
     */
    public Queued record(Tx tx, WorkspaceId workspace, long runId, Classification classification,
                         List<DriftFinding> findings) {
        if (outbox == null) {
            return Queued.NONE;
        }
        DriftObservation seen = observation(runId, classification, findings);
        try {
            return tx.undoneOnFailure("deciding whether to notify drift in " + workspace + " (run " + runId + ")",
                    t -> decideAndQueue(t, workspace, seen));
        } catch (RuntimeException e) {
            LOG.warn("deciding whether to notify drift in {} (run {}): {}; the next check decides again", workspace,
                    runId, e.toString(), e);
            return Queued.NONE;
        }
    }

    /**
     * Tells the channels that the remediation planned by drift check {@code runId} waits for approval, and why
     * ({@code reason}: the guard that held it). Written in a transaction of its own, sent at once; a failure is
     * logged, never thrown: the plan stays stored, awaiting approval, either way.
     */
    public void remediationHeld(WorkspaceId workspace, long runId, List<String> driftedAddresses, String reason) {
        if (outbox == null) {
            return;
        }
        try {
            Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
            DriftEvent event = DriftEvent.held(workspace, runId, driftedAddresses, reason, baseUrl, at);
            Notification.Event row = new Notification.Event(event.eventId(), workspace, runId, event.transition(),
                    event.json(), at);
            queued(state.db().inTransaction(tx -> {
                Map<String, Long> ids = new LinkedHashMap<>();
                for (String channel : outbox.keys()) {
                    ids.put(channel, tx.notificationOutbox().add(channel, row));
                }
                return new Queued(ids);
            }));
            LOG.info("run {}: the remediation of {} is held for approval; notifying (event {})", runId, workspace,
                    event.eventId());
        } catch (RuntimeException e) {
            LOG.warn("notifying that the remediation of {} (run {}) is held: {}", workspace, runId, e.toString(), e);
        }
    }

    /** The rows of a committed {@link #record}: they are sent now. */
    public void queued(Queued rows) {
        if (outbox != null) {
            outbox.queued(rows);
        }
    }

    /** For the daemon: deliver every due event of the configured channels, whoever wrote it. */
    public void deliverEveryEvent() {
        if (outbox != null) {
            outbox.deliverEveryEvent();
        }
    }

    private static DriftObservation observation(long runId, Classification classification,
                                                List<DriftFinding> findings) {
        return new DriftObservation(runId, classification, findings == null ? List.of() : findings);
    }

    private Queued decideAndQueue(Tx tx, WorkspaceId workspace, DriftObservation seen) {
        Transition t = state.decide(tx, workspace, seen);
        if (!t.notifies()) {
            return Queued.NONE;
        }
        // as the store keeps it, so that the event read back is the event written, and so is its id
        Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
        DriftEvent event = DriftEvent.of(t, workspace, seen, baseUrl, at, tx.eventChecks().ofRun(seen.runId()));
        Notification.Event row = new Notification.Event(event.eventId(), workspace, seen.runId(), event.transition(),
                event.json(), at);
        Map<String, Long> ids = new LinkedHashMap<>();
        for (String channel : outbox.keys()) {
            ids.put(channel, tx.notificationOutbox().add(channel, row));
        }
        LOG.info("run {}: drift in {} is {}; notifying {} channel(s) (event {})", seen.runId(), workspace, t.wire(),
                ids.size(), event.eventId());
        return new Queued(ids);
    }

    /**
     * Stops taking events and gives those due a few seconds to go; what is left stays in the outbox, for this or
     * another daemon to send.
     */
    @Override
    public void close() {
        if (outbox != null) {
            outbox.close(System.nanoTime() + CLOSE_TIMEOUT.toNanos());
        }
    }
}
