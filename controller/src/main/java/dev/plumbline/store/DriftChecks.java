package dev.plumbline.store;

import dev.plumbline.domain.DriftFinding;
import dev.plumbline.domain.RunKind;
import dev.plumbline.domain.WorkspaceId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** A workspace's drift over time: its drift checks with how many resources each found drifted, or one resource's. */
public final class DriftChecks {
    /** The distinct addresses a check found drifted: findings that are drift, not noise or ignored. */
    private static final String DRIFTED = "(SELECT COUNT(DISTINCT f.address) FROM drift_findings f"
            + " WHERE f.run_id = r.id AND f.disposition = 'drift') AS drifted";

    private final Scope scope;

    DriftChecks(Scope scope) {
        this.scope = scope;
    }

    /** One drift check: when it finished, how it ended, and the number of distinct drifted addresses it found. */
    public record Check(long runId, String status, String classification, Instant finishedAt, int driftedResources) { }

    /** One finding of one resource, with the check that found it. */
    public record Finding(long runId, Instant finishedAt, DriftFinding finding) { }

    /** The workspace's finished drift checks before run {@code beforeId} (null: the newest), newest first. */
    public List<Check> checks(WorkspaceId workspace, Long beforeId, int limit) {
        return scope.run("reading the drift history of " + workspace, c -> Sql.list(c, "SELECT r.id, r.status,"
                + " r.classification, r.finished_at, " + DRIFTED + " FROM runs r JOIN workspaces w"
                + " ON w.id = r.workspace_id WHERE w.repo = ? AND w.name = ? AND r.kind = ?"
                + " AND r.finished_at IS NOT NULL AND r.id < ? ORDER BY r.id DESC LIMIT ?", ps -> {
                    ps.setString(1, workspace.repo());
                    ps.setString(2, workspace.name());
                    ps.setString(3, RunKind.DRIFT_CHECK.wire());
                    ps.setLong(4, beforeId == null ? Long.MAX_VALUE : beforeId);
                    ps.setInt(5, limit);
                }, DriftChecks::check));
    }

    /**
     * The workspace's drift checks that finished at or after {@code since}, newest first, at most {@code limit}:
     * a window of time whatever else the workspace ran in it.
     */
    public List<Check> since(WorkspaceId workspace, Instant since, int limit) {
        return scope.run("reading the drift checks of " + workspace + " since " + since, c -> Sql.list(c,
                "SELECT r.id, r.status, r.classification, r.finished_at, " + DRIFTED + " FROM runs r JOIN workspaces w"
                + " ON w.id = r.workspace_id WHERE w.repo = ? AND w.name = ? AND r.kind = ? AND r.finished_at >= ?"
                + " ORDER BY r.id DESC LIMIT ?", ps -> {
                    ps.setString(1, workspace.repo());
                    ps.setString(2, workspace.name());
                    ps.setString(3, RunKind.DRIFT_CHECK.wire());
                    Sql.setInstant(ps, 4, since);
                    ps.setInt(5, limit);
                }, DriftChecks::check));
    }

    private static Check check(ResultSet rs) throws SQLException {
        return new Check(rs.getLong("id"), rs.getString("status"), rs.getString("classification"),
                Sql.instant(rs, "finished_at"), rs.getInt("drifted"));
    }

    /** What the checks found about resource {@code address} of the workspace, newest first. */
    public List<Finding> ofResource(WorkspaceId workspace, String address, Long beforeRunId, int limit) {
        return scope.run("reading the drift history of " + address + " in " + workspace, c -> Sql.list(c, """
                SELECT f.run_id, r.finished_at, f.address, f.action, f.attribute_path, f.before_value, f.after_value,
                       f.disposition, f.ignore_rule
                FROM drift_findings f JOIN runs r ON r.id = f.run_id JOIN workspaces w ON w.id = f.workspace_id
                WHERE w.repo = ? AND w.name = ? AND f.address = ? AND f.run_id < ?
                ORDER BY f.run_id DESC, f.id LIMIT ?
                """, ps -> {
                    ps.setString(1, workspace.repo());
                    ps.setString(2, workspace.name());
                    ps.setString(3, address);
                    ps.setLong(4, beforeRunId == null ? Long.MAX_VALUE : beforeRunId);
                    ps.setInt(5, limit);
                }, rs -> new Finding(rs.getLong("run_id"), Sql.instant(rs, "finished_at"),
                        DriftFindings.finding(rs))));
    }
}
