package dev.plumbline.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/**
 * Each workspace's latest finished drift check ({@code workspace_checks}), written in the transaction that ends
 * the check, so that the fleet reads one row per workspace whatever the length of its history. A check that never
 * started (cancelled while queued) leaves it as it was; an older check ending late never replaces a newer one.
 */
public final class WorkspaceChecks {
    private final Scope scope;

    WorkspaceChecks(Scope scope) {
        this.scope = scope;
    }

    private record Ended(long workspaceId, String kind, String status, String classification, Instant startedAt,
            Instant finishedAt) { }

    private record Kept(long lastRunId, String condition, Instant lastSuccessAt, Instant driftedSince) { }

    /** Records run {@code runId} as its workspace's latest check, if it is a finished drift check that started. */
    static void ended(Connection c, long runId) throws SQLException {
        Optional<Ended> found = Sql.one(c, "SELECT workspace_id, kind, status, classification, started_at,"
                + " finished_at FROM runs WHERE id = ?", ps -> ps.setLong(1, runId), rs -> new Ended(
                        rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        Sql.instant(rs, "started_at"), Sql.instant(rs, "finished_at")));
        if (found.isEmpty() || !"drift_check".equals(found.get().kind()) || found.get().startedAt() == null
                || found.get().finishedAt() == null) {
            return;
        }
        Ended e = found.get();
        Optional<Kept> kept = Sql.one(c, "SELECT last_run_id, condition, last_success_at, drifted_since"
                + " FROM workspace_checks WHERE workspace_id = ? FOR UPDATE", ps -> ps.setLong(1, e.workspaceId()),
                rs -> new Kept(rs.getLong(1), rs.getString(2), Sql.instant(rs, "last_success_at"),
                        Sql.instant(rs, "drifted_since")));
        if (kept.isPresent() && kept.get().lastRunId() > runId) {
            return;
        }
        boolean completed = "succeeded".equals(e.status()) && e.classification() != null
                && !"errored".equals(e.classification());
        String condition = completed ? e.classification() : "errored";
        Instant success = completed ? e.finishedAt() : kept.map(Kept::lastSuccessAt).orElse(null);
        Instant since = driftedSince(completed, condition, e.finishedAt(), kept);
        int updated = Sql.update(c, "UPDATE workspace_checks SET last_run_id = ?, status = ?, classification = ?,"
                + " finished_at = ?, condition = ?, last_success_at = ?, drifted_since = ? WHERE workspace_id = ?",
                ps -> {
                    bind(ps, runId, e, condition, success, since);
                    ps.setLong(8, e.workspaceId());
                });
        if (updated == 0) {
            Sql.update(c, "INSERT INTO workspace_checks (last_run_id, status, classification, finished_at, condition,"
                    + " last_success_at, drifted_since, workspace_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", ps -> {
                        bind(ps, runId, e, condition, success, since);
                        ps.setLong(8, e.workspaceId());
                    });
        }
    }

    /** A drifted check continues the drift the last one kept (a failed check in between breaks nothing). */
    private static Instant driftedSince(boolean completed, String condition, Instant finishedAt, Optional<Kept> kept) {
        Instant before = kept.map(Kept::driftedSince).orElse(null);
        if (!completed) {
            return before;
        }
        if (!"drifted".equals(condition)) {
            return null;
        }
        return before != null ? before : finishedAt;
    }

    private static void bind(PreparedStatement ps, long runId, Ended e, String condition, Instant success,
            Instant since) throws SQLException {
        ps.setLong(1, runId);
        ps.setString(2, e.status());
        Sql.setString(ps, 3, e.classification());
        Sql.setInstant(ps, 4, e.finishedAt());
        ps.setString(5, condition);
        Sql.setInstantOrNull(ps, 6, success);
        Sql.setInstantOrNull(ps, 7, since);
    }

    /**
     * Sums up every workspace's stored history again, as migration V14 did once: for a store filled by other means
     * than finished runs (a bulk import, the fleet benchmark).
     */
    public void rebuild() {
        scope.run("summing up the drift checks of every workspace", c -> {
            Sql.update(c, "DELETE FROM workspace_checks", ps -> { });
            return Sql.update(c, REBUILD, ps -> { });
        });
    }

    /** The statement of migration V14 that summed up the history stored before this table existed. */
    private static final String REBUILD = """
            INSERT INTO workspace_checks (workspace_id, last_run_id, status, classification, finished_at, condition,
                                          last_success_at, drifted_since)
            SELECT r.workspace_id, r.id, r.status, r.classification, r.finished_at,
                   CASE WHEN r.status = 'succeeded' AND r.classification IS NOT NULL AND r.classification <> 'errored'
                        THEN r.classification ELSE 'errored' END,
                   (SELECT MAX(s.finished_at) FROM runs s WHERE s.workspace_id = r.workspace_id
                      AND s.kind = 'drift_check' AND s.status = 'succeeded'),
                   (SELECT MIN(d.finished_at) FROM runs d WHERE d.workspace_id = r.workspace_id
                      AND d.kind = 'drift_check' AND d.status = 'succeeded' AND d.classification = 'drifted'
                      AND d.id > COALESCE((SELECT MAX(k.id) FROM runs k WHERE k.workspace_id = r.workspace_id
                                             AND k.kind = 'drift_check' AND k.status = 'succeeded'
                                             AND k.classification <> 'drifted'), 0)
                      AND EXISTS (SELECT 1 FROM runs l WHERE l.id = (SELECT MAX(m.id) FROM runs m
                                    WHERE m.workspace_id = r.workspace_id AND m.kind = 'drift_check'
                                      AND m.status = 'succeeded')
                                  AND l.classification = 'drifted'))
            FROM (SELECT workspace_id, MAX(id) AS last_id FROM runs
                  WHERE kind = 'drift_check' AND started_at IS NOT NULL
                    AND status IN ('succeeded', 'failed', 'interrupted', 'cancelled')
                  GROUP BY workspace_id) latest
            JOIN runs r ON r.id = latest.last_id
            """;
}
