package dev.plumbline.store;

import dev.plumbline.domain.Attribution;
import dev.plumbline.domain.WorkspaceId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The drift checks events asked for, from the check's side: the check of a workspace takes on the events that
 * waited for it, and, in the transaction storing its findings, marks each finding with the newest event that named
 * the finding's resource (through the {@link ResourceIndex} as it was before this check replaced it, so that a
 * resource deleted by hand is still found); the times of its start, its stored drift and its first delivered
 * notification are kept for the time to alert.
 */
public final class EventChecks {
    private final Scope scope;
    private final Clock clock;

    EventChecks(Scope scope, Clock clock) {
        this.scope = scope;
        this.clock = clock;
    }

    /**
     * For run {@code runId}, a drift check of {@code workspace} now storing its result: takes on the events queued
     * for the workspace before the run started, attributes its findings, and records the drift as stored. Returns
     * how many findings an event explains.
     */
    public int explain(long runId, WorkspaceId workspace) {
        return scope.run("attributing the drift of run " + runId + " in " + workspace, c -> {
            Instant now = Sql.now(clock);
            Sql.update(c, "UPDATE event_checks SET run_id = ?, check_started_at = (SELECT started_at FROM runs"
                    + " WHERE id = ?), drift_stored_at = ? WHERE repo = ? AND workspace = ? AND run_id IS NULL"
                    + " AND check_queued_at <= (SELECT started_at FROM runs WHERE id = ?)", ps -> {
                        ps.setLong(1, runId);
                        ps.setLong(2, runId);
                        Sql.setInstant(ps, 3, now);
                        ps.setString(4, workspace.repo());
                        ps.setString(5, workspace.name());
                        ps.setLong(6, runId);
                    });
            List<long[]> events = Sql.list(c, "SELECT event_id FROM event_checks WHERE run_id = ?"
                    + " ORDER BY event_id DESC", ps -> ps.setLong(1, runId), rs -> new long[] {rs.getLong(1)});
            int explained = 0;
            for (long[] e : events) {
                List<String> ids = Sql.one(c, "SELECT identifiers FROM events WHERE id = ?",
                        ps -> ps.setLong(1, e[0]), rs -> List.of(rs.getString(1).split("\n"))).orElse(List.of());
                if (ids.isEmpty() || ids.size() > 500) {
                    continue;
                }
                String marks = String.join(", ", Collections.nCopies(ids.size(), "?"));
                explained += Sql.update(c, "UPDATE drift_findings SET event_id = ? WHERE run_id = ? AND event_id"
                        + " IS NULL AND address IN (SELECT address FROM resource_index WHERE repo = ?"
                        + " AND workspace = ? AND identifier IN (" + marks + "))", ps -> {
                            ps.setLong(1, e[0]);
                            ps.setLong(2, runId);
                            ps.setString(3, workspace.repo());
                            ps.setString(4, workspace.name());
                            for (int i = 0; i < ids.size(); i++) {
                                ps.setString(5 + i, ids.get(i));
                            }
                        });
            }
            return explained;
        });
    }

    /** The event that explains each attributed finding of run {@code runId}, by the finding's address. */
    public Map<String, Attribution> ofRun(long runId) {
        return ofRuns(List.of(runId)).getOrDefault(runId, Map.of());
    }

    /** As {@link #ofRun}, for each of {@code runIds} that has any, in one query. */
    public Map<Long, Map<String, Attribution>> ofRuns(Collection<Long> runIds) {
        if (runIds.isEmpty()) {
            return Map.of();
        }
        List<Long> ids = List.copyOf(runIds);
        return scope.run("reading the attribution of " + ids.size() + " run(s)", c -> {
            Map<Long, Map<String, Attribution>> by = new HashMap<>();
            Sql.list(c, "SELECT DISTINCT f.run_id, f.address, e.id, e.source, e.actor, e.action, e.source_ip,"
                    + " e.user_agent, e.event_time FROM drift_findings f JOIN events e ON e.id = f.event_id"
                    + " WHERE f.run_id IN (" + String.join(", ", Collections.nCopies(ids.size(), "?")) + ")"
                    + " ORDER BY f.run_id, f.address", ps -> {
                        for (int i = 0; i < ids.size(); i++) {
                            ps.setLong(i + 1, ids.get(i));
                        }
                    }, rs -> by.computeIfAbsent(rs.getLong("run_id"), k -> new LinkedHashMap<>())
                            .put(rs.getString("address"), attribution(rs)));
            return by;
        });
    }

    /** The time to alert of the newest {@code limit} event checks, oldest first. */
    public List<EventTiming> timings(int limit) {
        return scope.run("reading the times to alert", c -> Sql.list(c, "SELECT * FROM (SELECT k.event_id, k.repo,"
                + " k.workspace, k.run_id, e.queued_at, e.received_at, e.matched_at, k.check_queued_at,"
                + " k.check_started_at, k.drift_stored_at, k.notified_at FROM event_checks k JOIN events e"
                + " ON e.id = k.event_id ORDER BY k.event_id DESC FETCH FIRST ? ROWS ONLY) t ORDER BY event_id",
                ps -> ps.setInt(1, limit), rs -> new EventTiming(rs.getLong("event_id"),
                        new WorkspaceId(rs.getString("repo"), rs.getString("workspace")),
                        Sql.longOrNull(rs, "run_id"), Sql.instant(rs, "queued_at"), Sql.instant(rs, "received_at"),
                        Sql.instant(rs, "matched_at"), Sql.instant(rs, "check_queued_at"),
                        Sql.instant(rs, "check_started_at"), Sql.instant(rs, "drift_stored_at"),
                        Sql.instant(rs, "notified_at"))));
    }

    static Attribution attribution(ResultSet rs) throws SQLException {
        return new Attribution(rs.getLong("id"), rs.getString("source"), rs.getString("actor"),
                rs.getString("action"), rs.getString("source_ip"), rs.getString("user_agent"),
                Sql.instant(rs, "event_time"));
    }
}
