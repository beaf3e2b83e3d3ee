package dev.plumbline.store;

import dev.plumbline.domain.DriftAction;
import dev.plumbline.domain.DriftDisposition;
import dev.plumbline.domain.DriftFinding;
import dev.plumbline.domain.WorkspaceId;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * What drift checks found, resource by resource, kept per run so the history of a workspace's drift can be read;
 * noise and ignored findings too, each saying so.
 */
public final class DriftFindings {
    private final Scope scope;

    DriftFindings(Scope scope) {
        this.scope = scope;
    }

    /** Records the findings of a run, which must belong to {@code workspace}. */
    public void record(long runId, WorkspaceId workspace, List<DriftFinding> findings) {
        if (findings.isEmpty()) {
            return;
        }
        String doing = "recording " + findings.size() + " drift findings of run " + runId + " in " + workspace;
        scope.run(doing, c -> {
            long workspaceId = Sql.one(c, "SELECT w.id FROM runs r JOIN workspaces w ON w.id = r.workspace_id"
                    + " WHERE r.id = ? AND w.repo = ? AND w.name = ?", ps -> {
                        ps.setLong(1, runId);
                        ps.setString(2, workspace.repo());
                        ps.setString(3, workspace.name());
                    }, rs -> rs.getLong(1)).orElseThrow(() -> new IllegalArgumentException(
                            doing + ": there is no run " + runId + " in workspace " + workspace));
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO drift_findings (run_id, workspace_id, address,"
                    + " action, attribute_path, before_value, after_value, disposition, ignore_rule)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (DriftFinding f : findings) {
                    ps.setLong(1, runId);
                    ps.setLong(2, workspaceId);
                    ps.setString(3, f.address());
                    ps.setString(4, f.action().wire());
                    Sql.setString(ps, 5, f.attributePath());
                    Sql.setString(ps, 6, f.before());
                    Sql.setString(ps, 7, f.after());
                    ps.setString(8, f.disposition().wire());
                    Sql.setString(ps, 9, f.rule());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    /** The run's findings, in the order they were recorded. */
    public List<DriftFinding> forRun(long runId) {
        return scope.run("reading the drift findings of run " + runId, c -> Sql.list(c,
                "SELECT address, action, attribute_path, before_value, after_value, disposition, ignore_rule"
                        + " FROM drift_findings WHERE run_id = ? ORDER BY id", ps -> ps.setLong(1, runId),
                DriftFindings::finding));
    }

    /** One finding from a row holding its columns (address, action, attribute_path, values, disposition, rule). */
    static DriftFinding finding(ResultSet rs) throws SQLException {
        return new DriftFinding(rs.getString("address"), DriftAction.parse(rs.getString("action")),
                rs.getString("attribute_path"), rs.getString("before_value"), rs.getString("after_value"),
                DriftDisposition.parse(rs.getString("disposition")), rs.getString("ignore_rule"));
    }
}
