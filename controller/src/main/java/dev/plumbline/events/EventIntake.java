package dev.plumbline.events;

import dev.plumbline.aws.AssumedRole;
import dev.plumbline.config.EventsConfig;
import dev.plumbline.domain.ChangeEvent;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.store.Database;
import dev.plumbline.store.Enqueued;
import dev.plumbline.store.EventState;
import dev.plumbline.store.ResourceOwner;
import dev.plumbline.store.StoredEvent;
import dev.plumbline.store.Tx;
import dev.plumbline.store.Work;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What becomes of a change event, decided and stored in one transaction with the checks it queues: a read-only
 * call is ignored; identifiers no workspace manages leave it unmatched; a change Plumbline made itself (in the
 * assumed-role session of the workspace, or while an apply of the workspace ran) is ignored for that workspace;
 * every other owning workspace gets a drift check, queued to start once the debounce has passed, joined by the
 * events that follow while it waits (each moving its start a debounce later, for at most three debounces from the
 * first), and held back when the workspace's checks per hour are used up. Only after
 * that commits is the source told the event arrived.
 */
public final class EventIntake {
    private static final Logger LOG = LoggerFactory.getLogger(EventIntake.class);
    /** CloudTrail times are to the second, and an apply's last call is just before its end is recorded. */
    static final Duration APPLY_SLACK = Duration.ofSeconds(5);
    private static final Duration HOUR = Duration.ofHours(1);
    /** A burst holds its check back for at most this many debounces from its first event. */
    static final int MAX_DEBOUNCES = 3;

    private final Database db;
    private final EventsConfig config;
    private final Runnable queued;
    private final Clock clock;

    /** {@code queued} is told once checks were queued and committed (the claim loop's signal). */
    public EventIntake(Database db, EventsConfig config, Runnable queued, Clock clock) {
        this.db = db;
        this.config = config;
        this.queued = queued;
        this.clock = clock;
    }

    /** What became of one event: its stored id, its state and why, and the workspaces a check was queued for. */
    public record Taken(long eventId, EventState state, String reason, List<WorkspaceId> checked,
                        boolean duplicate) { }

    /** Stores {@code e}, received at {@code receivedAt}, and queues the checks it asks for. */
    public Taken take(ChangeEvent e, Instant receivedAt) {
        Taken t = db.inTransaction(tx -> decide(tx, e, receivedAt));
        if (!t.checked().isEmpty() && !t.duplicate()) {
            queued.run();
        }
        LOG.info("event {} of {} ({} by {}): {}{}{}", t.eventId(), e.source(), e.action(), e.actor(),
                t.state().wire(), t.reason() == null ? "" : " (" + t.reason() + ")",
                t.checked().isEmpty() ? "" : "; checking " + t.checked());
        return t;
    }

    /** Keeps a message that is not an event aside, with why; the source may then let go of it. */
    public long malformed(String source, String externalId, String reason, String raw, Instant queuedAt,
                          Instant receivedAt) {
        Optional<Long> seen = db.events().find(source, externalId);
        if (seen.isPresent()) {
            return seen.get(); // delivered again before its deletion was seen
        }
        long id = db.events().malformed(source, externalId, reason, raw, queuedAt, receivedAt);
        LOG.warn("event {} of {} is malformed and kept aside: {}", id, source, reason);
        return id;
    }

    private Taken decide(Tx tx, ChangeEvent e, Instant receivedAt) {
        Optional<StoredEvent> seen = tx.events().find(e.source(), e.externalId()).flatMap(tx.events()::get);
        if (seen.isPresent()) {
            // delivered again: answered as it was stored the first time, and nothing more is queued
            String reason = seen.get().reason();
            return new Taken(seen.get().id(), seen.get().state(),
                    reason == null ? "already received" : "already received: " + reason, List.of(), true);
        }
        if (e.readOnly()) {
            return stored(tx, e, EventState.IGNORED, "a read-only call", receivedAt);
        }
        Set<WorkspaceId> owners = new LinkedHashSet<>();
        for (ResourceOwner o : tx.resourceIndex().owners(e.identifiers())) {
            owners.add(o.workspace());
        }
        if (owners.isEmpty()) {
            return stored(tx, e, EventState.UNMATCHED, "no workspace manages its identifiers", receivedAt);
        }
        Map<WorkspaceId, String> own = new LinkedHashMap<>();
        for (WorkspaceId ws : owners) {
            ownChange(tx, e, ws).ifPresent(why -> own.put(ws, why));
        }
        List<WorkspaceId> check = owners.stream().filter(ws -> !own.containsKey(ws)).toList();
        if (check.isEmpty()) {
            return stored(tx, e, EventState.IGNORED, String.join("; ", own.values()), receivedAt);
        }
        long id = tx.events().record(e, EventState.MATCHED, own.isEmpty() ? null : String.join("; ", own.values()),
                receivedAt);
        for (WorkspaceId ws : check) {
            Instant notBefore = notBefore(tx, ws);
            Enqueued q = tx.queuedWork().enqueue(Work.eventCheck(ws, notBefore));
            if (q.joined()) {
                tx.queuedWork().postpone(q.workId(), notBefore, config.debounce().multipliedBy(MAX_DEBOUNCES));
            }
            tx.events().checkQueued(id, ws, q.workId());
        }
        return new Taken(id, EventState.MATCHED, null, check, false);
    }

    private static Taken stored(Tx tx, ChangeEvent e, EventState state, String reason, Instant receivedAt) {
        return new Taken(tx.events().record(e, state, reason, receivedAt), state, reason, List.of(), false);
    }

    /** Why the change is Plumbline's own in {@code ws}, if it is. */
    private static Optional<String> ownChange(Tx tx, ChangeEvent e, WorkspaceId ws) {
        if (e.actor() != null && e.actor().endsWith("/" + AssumedRole.sessionName(ws))) {
            return Optional.of("made by Plumbline's session for " + ws);
        }
        if (e.time() != null) {
            return tx.events().applyAround(ws, e.time(), APPLY_SLACK)
                    .map(run -> "made while Plumbline's apply run " + run + " of " + ws + " ran");
        }
        return Optional.empty();
    }

    /**
     * After the debounce; later when the workspace's event checks of the last hour are used up: then once the
     * oldest of those that count is an hour old.
     */
    private Instant notBefore(Tx tx, WorkspaceId ws) {
        Instant now = clock.instant();
        Instant at = now.plus(config.debounce());
        List<Instant> recent = new ArrayList<>(tx.queuedWork().eventChecksSince(ws, now.minus(HOUR)));
        if (recent.size() >= config.maxChecksPerHour()) {
            Instant freed = recent.get(recent.size() - config.maxChecksPerHour()).plus(HOUR);
            if (freed.isAfter(at)) {
                LOG.warn("{}: {} event checks in the last hour; the next waits until {}", ws, recent.size(), freed);
                at = freed;
            }
        }
        return at;
    }
}
