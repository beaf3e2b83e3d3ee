package dev.plumbline.store;

import dev.plumbline.domain.WorkspaceId;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Who did what: approvals, applies, manual triggers, configuration reloads. Written, never changed. */
public final class AuditLog {
    private final Scope scope;
    private final Clock clock;

    AuditLog(Scope scope, Clock clock) {
        this.scope = scope;
        this.clock = clock;
    }

    /** {@code workspace} must be registered; {@code detail} may be null. */
    public void record(String actor, String action, Optional<WorkspaceId> workspace, Optional<Long> runId,
                       String detail) {
        record(actor, null, action, workspace, runId, detail);
    }

    /** As {@link #record(String, String, Optional, Optional, String)}, with how the actor was authenticated. */
    public void record(String actor, String via, String action, Optional<WorkspaceId> workspace, Optional<Long> runId,
                       String detail) {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        String doing = "recording audit event '" + action + "' by " + actor;
        scope.run(doing, c -> {
            Long workspaceId = workspace.isPresent() ? Workspaces.idOf(c, workspace.get(), doing) : null;
            return insert(c, clock, new Entry(actor, action, workspaceId, runId.orElse(null), detail, via));
        });
    }

    /** An event as written by another store class in its own statement's transaction. */
    record Entry(String actor, String action, Long workspaceId, Long runId, String detail, String via) {
        Entry(String actor, String action, Long workspaceId, Long runId, String detail) {
            this(actor, action, workspaceId, runId, detail, null);
        }
    }

    static long insert(Connection c, Clock clock, Entry e) throws SQLException {
        return Sql.insert(c, "INSERT INTO audit_events (at, actor, action, workspace_id, run_id, detail, actor_via)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)", ps -> {
                    Sql.setInstant(ps, 1, Sql.now(clock));
                    ps.setString(2, e.actor());
                    ps.setString(3, e.action());
                    Sql.setLong(ps, 4, e.workspaceId());
                    Sql.setLong(ps, 5, e.runId());
                    Sql.setString(ps, 6, e.detail());
                    Sql.setString(ps, 7, e.via());
                });
    }

    /** The newest events first. */
    public List<AuditEvent> recent(int limit) {
        return scope.run("reading the audit log", c -> Sql.list(c,
                "SELECT e.id, e.at, e.actor, e.action, w.repo, w.name, e.run_id, e.detail, e.actor_via FROM audit_events e"
                        + " LEFT JOIN workspaces w ON w.id = e.workspace_id ORDER BY e.id DESC LIMIT ?",
                ps -> ps.setInt(1, limit), AuditLog::row));
    }

    /** The events before event {@code beforeId} (null: the newest), newest first, of one workspace or of all. */
    public List<AuditEvent> page(Long beforeId, Optional<WorkspaceId> workspace, int limit) {
        return scope.run("reading the audit log", c -> Sql.list(c,
                "SELECT e.id, e.at, e.actor, e.action, w.repo, w.name, e.run_id, e.detail, e.actor_via FROM audit_events e"
                        + " LEFT JOIN workspaces w ON w.id = e.workspace_id WHERE e.id < ?"
                        + (workspace.isPresent() ? " AND w.repo = ? AND w.name = ?" : "")
                        + " ORDER BY e.id DESC LIMIT ?", ps -> {
                            int i = 1;
                            ps.setLong(i++, beforeId == null ? Long.MAX_VALUE : beforeId);
                            if (workspace.isPresent()) {
                                ps.setString(i++, workspace.get().repo());
                                ps.setString(i++, workspace.get().name());
                            }
                            ps.setInt(i, limit);
                        }, AuditLog::row));
    }

    private static AuditEvent row(ResultSet rs) throws SQLException {
        String repo = rs.getString("repo");
        WorkspaceId workspace = repo == null ? null : new WorkspaceId(repo, rs.getString("name"));
        return new AuditEvent(rs.getLong("id"), Sql.instant(rs, "at"), rs.getString("actor"), rs.getString("action"),
                workspace, Sql.longOrNull(rs, "run_id"), rs.getString("detail"), rs.getString("actor_via"));
    }
}
