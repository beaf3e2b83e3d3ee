package dev.plumbline.store;

import dev.plumbline.domain.Tool;
import dev.plumbline.domain.WorkspaceId;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The workspaces Plumbline knows about; other tables refer to them by their numeric id. */
public final class Workspaces {
    private static final String SELECT = "SELECT id, repo, name, dir, tool, created_at FROM workspaces";

    private final Scope scope;
    private final Clock clock;

    Workspaces(Scope scope, Clock clock) {
        this.scope = scope;
        this.clock = clock;
    }

    /** Registers the workspace, or updates its directory and tool if it is known; returns its id. */
    public long ensure(WorkspaceId id, String dir, Tool tool) {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(tool, "tool");
        return scope.run("registering workspace " + id, c -> {
            if (update(c, id, dir, tool)) {
                return idOf(c, id, "registering workspace " + id);
            }
            // Another daemon sharing the database may insert the same workspace at the same moment: the
            // savepoint lets us lose that race and update its row without aborting the caller's transaction.
            Savepoint beforeInsert = c.setSavepoint();
            try {
                return Sql.insert(c, "INSERT INTO workspaces (repo, name, dir, tool, created_at)"
                        + " VALUES (?, ?, ?, ?, ?)", ps -> {
                            ps.setString(1, id.repo());
                            ps.setString(2, id.name());
                            ps.setString(3, dir);
                            ps.setString(4, tool.command());
                            Sql.setInstant(ps, 5, Sql.now(clock));
                        });
            } catch (SQLException e) {
                if (!Sql.isUniqueViolation(e)) {
                    throw e;
                }
                c.rollback(beforeInsert);
                update(c, id, dir, tool);
                return idOf(c, id, "registering workspace " + id);
            }
        });
    }

    public Optional<WorkspaceRecord> find(WorkspaceId id) {
        return scope.run("looking up workspace " + id, c -> Sql.one(c, SELECT + " WHERE repo = ? AND name = ?",
                ps -> {
                    ps.setString(1, id.repo());
                    ps.setString(2, id.name());
                }, Workspaces::row));
    }

    public List<WorkspaceRecord> list() {
        return scope.run("listing workspaces", c -> Sql.list(c, SELECT + " ORDER BY repo, name", ps -> { },
                Workspaces::row));
    }

    /** The numeric id of a registered workspace; fails naming it, and what was being done, when it is unknown. */
    static long idOf(Connection c, WorkspaceId id, String doing) throws SQLException {
        return Sql.one(c, "SELECT id FROM workspaces WHERE repo = ? AND name = ?", ps -> {
            ps.setString(1, id.repo());
            ps.setString(2, id.name());
        }, rs -> rs.getLong(1)).orElseThrow(() -> new IllegalArgumentException(
                doing + ": workspace " + id + " is not registered (Workspaces.ensure registers it)"));
    }

    private static boolean update(Connection c, WorkspaceId id, String dir, Tool tool) throws SQLException {
        return Sql.update(c, "UPDATE workspaces SET dir = ?, tool = ? WHERE repo = ? AND name = ?", ps -> {
            ps.setString(1, dir);
            ps.setString(2, tool.command());
            ps.setString(3, id.repo());
            ps.setString(4, id.name());
        }) > 0;
    }

    private static WorkspaceRecord row(ResultSet rs) throws SQLException {
        return new WorkspaceRecord(rs.getLong("id"), new WorkspaceId(rs.getString("repo"), rs.getString("name")),
                rs.getString("dir"), Tool.parse(rs.getString("tool")), Sql.instant(rs, "created_at"));
    }
}
