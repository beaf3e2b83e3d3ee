package dev.plumbline.store;

import dev.plumbline.domain.ChangeEvent;
import dev.plumbline.domain.WorkspaceId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The change events heard ({@code events}) and the drift checks each queued ({@code event_checks}). An event is
 * stored in the transaction that queues its checks, before its source is told it was received (an SQS message is
 * deleted, an HTTP post answered); what becomes of the checks is {@link EventChecks}'.
 */
public final class Events {
    /** The most of a malformed message kept for a person to read. */
    public static final int RAW_KEPT = 4000;
    private static final String COLUMNS = "id, source, external_id, state, reason, actor, action, source_ip,"
            + " user_agent, event_time, identifiers, raw, queued_at, received_at, matched_at";

    private final Scope scope;
    private final Clock clock;

    Events(Scope scope, Clock clock) {
        this.scope = scope;
        this.clock = clock;
    }

    /** The event {@code source} already stored under its own id {@code externalId}, if any. */
    public Optional<Long> find(String source, String externalId) {
        if (externalId == null) {
            return Optional.empty();
        }
        return scope.run("looking for event " + externalId + " of " + source, c -> Sql.one(c,
                "SELECT id FROM events WHERE source = ? AND external_id = ?", ps -> {
                    ps.setString(1, source);
                    ps.setString(2, externalId);
                }, rs -> rs.getLong(1)));
    }

    /** Stores a readable event as {@code state} (matched, unmatched or ignored, with its {@code reason}). */
    public long record(ChangeEvent e, EventState state, String reason, Instant receivedAt) {
        if (state == EventState.MALFORMED) {
            throw new IllegalArgumentException("storing an event of " + e.source() + ": a readable event is not"
                    + " malformed; use malformed()");
        }
        return scope.run("storing an event of " + e.source(), c -> Sql.insert(c, "INSERT INTO events (source,"
                + " external_id, state, reason, actor, action, source_ip, user_agent, event_time, identifiers,"
                + " queued_at, received_at, matched_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", ps -> {
                    ps.setString(1, e.source());
                    Sql.setString(ps, 2, e.externalId());
                    ps.setString(3, state.wire());
                    Sql.setString(ps, 4, cut(reason, 500));
                    Sql.setString(ps, 5, cut(e.actor(), 500));
                    Sql.setString(ps, 6, cut(e.action(), 200));
                    Sql.setString(ps, 7, cut(e.sourceIp(), 100));
                    Sql.setString(ps, 8, cut(e.userAgent(), 500));
                    Sql.setInstantOrNull(ps, 9, e.time());
                    ps.setString(10, String.join("\n", e.identifiers()));
                    Sql.setInstantOrNull(ps, 11, e.queuedAt());
                    Sql.setInstantOrNull(ps, 12, receivedAt);
                    Sql.setInstantOrNull(ps, 13, state == EventState.IGNORED ? null : Sql.now(clock));
                }));
    }

    /** Stores a message that is not an event, with why, and the start of it as received. */
    public long malformed(String source, String externalId, String reason, String raw, Instant queuedAt,
                          Instant receivedAt) {
        return scope.run("storing a malformed event of " + source, c -> Sql.insert(c, "INSERT INTO events (source,"
                + " external_id, state, reason, identifiers, raw, queued_at, received_at) VALUES (?, ?, ?, ?, '',"
                + " ?, ?, ?)", ps -> {
                    ps.setString(1, source);
                    Sql.setString(ps, 2, externalId);
                    ps.setString(3, EventState.MALFORMED.wire());
                    ps.setString(4, cut(reason, 500));
                    Sql.setString(ps, 5, cut(raw, RAW_KEPT));
                    Sql.setInstantOrNull(ps, 6, queuedAt);
                    Sql.setInstantOrNull(ps, 7, receivedAt);
                }));
    }

    /** Event {@code eventId} queued (or joined) the drift check {@code workId} of {@code workspace}. */
    public void checkQueued(long eventId, WorkspaceId workspace, long workId) {
        scope.run("recording the check event " + eventId + " queued for " + workspace, c -> Sql.update(c,
                "INSERT INTO event_checks (event_id, repo, workspace, work_id, check_queued_at) VALUES (?, ?, ?, ?, ?)",
                ps -> {
                    ps.setLong(1, eventId);
                    ps.setString(2, workspace.repo());
                    ps.setString(3, workspace.name());
                    ps.setLong(4, workId);
                    Sql.setInstant(ps, 5, Sql.now(clock));
                }));
    }

    /**
     * The apply run of {@code workspace} that was running at {@code time} (give or take {@code slack}): a change
     * made then is taken for that apply's own.
     */
    public Optional<Long> applyAround(WorkspaceId workspace, Instant time, Duration slack) {
        return scope.run("looking for an apply of " + workspace + " at " + time, c -> Sql.one(c, "SELECT r.id"
                + " FROM runs r JOIN workspaces w ON w.id = r.workspace_id WHERE w.repo = ? AND w.name = ?"
                + " AND r.kind = 'apply' AND r.started_at <= ? AND (r.finished_at IS NULL OR r.finished_at >= ?)"
                + " ORDER BY r.id DESC FETCH FIRST 1 ROWS ONLY", ps -> {
                    ps.setString(1, workspace.repo());
                    ps.setString(2, workspace.name());
                    Sql.setInstant(ps, 3, time.plus(slack));
                    Sql.setInstant(ps, 4, time.minus(slack));
                }, rs -> rs.getLong(1)));
    }

    public Optional<StoredEvent> get(long id) {
        return scope.run("reading event " + id, c -> Sql.one(c, "SELECT " + COLUMNS + " FROM events WHERE id = ?",
                ps -> ps.setLong(1, id), Events::row));
    }

    /** The newest events, of {@code state} (null: of every state). */
    public List<StoredEvent> recent(EventState state, int limit) {
        return scope.run("reading the events heard", c -> Sql.list(c, "SELECT " + COLUMNS + " FROM events"
                + (state == null ? " WHERE ? IS NULL" : " WHERE state = ?") + " ORDER BY id DESC FETCH FIRST ? ROWS"
                + " ONLY", ps -> {
                    Sql.setString(ps, 1, state == null ? null : state.wire());
                    ps.setInt(2, limit);
                }, Events::row));
    }

    /** How many events are stored in each state. */
    public Map<EventState, Long> counts() {
        return scope.run("counting the events heard", c -> {
            Map<EventState, Long> counts = new EnumMap<>(EventState.class);
            for (EventState s : EventState.values()) {
                counts.put(s, 0L);
            }
            Sql.list(c, "SELECT state, COUNT(*) FROM events GROUP BY state", ps -> { },
                    rs -> counts.put(EventState.parse(rs.getString(1)), rs.getLong(2)));
            return counts;
        });
    }

    private static StoredEvent row(ResultSet rs) throws SQLException {
        String ids = rs.getString("identifiers");
        ChangeEvent e = new ChangeEvent(rs.getString("source"), rs.getString("external_id"), rs.getString("actor"),
                rs.getString("action"), rs.getString("source_ip"), rs.getString("user_agent"),
                Sql.instant(rs, "event_time"), ids == null || ids.isEmpty() ? List.of() : Arrays.asList(ids.split("\n")),
                false, Sql.instant(rs, "queued_at"));
        return new StoredEvent(rs.getLong("id"), e, EventState.parse(rs.getString("state")), rs.getString("reason"),
                rs.getString("raw"), Sql.instant(rs, "received_at"), Sql.instant(rs, "matched_at"));
    }

    static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
