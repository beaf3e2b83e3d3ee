package dev.plumbline.store;

import dev.plumbline.domain.WorkspaceId;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The drift each workspace was last notified about: what lets a drift check notify only when drift appears,
 * changes or goes away. Deciding which of those happened is the caller's business; this class only keeps the
 * answer. Read with {@link #lock} and write with {@link #save} in one {@link Database#inTransaction}.
 */
public final class DriftNotifications {
    private final Scope scope;
    private final Clock clock;

    DriftNotifications(Scope scope, Clock clock) {
        this.scope = scope;
        this.clock = clock;
    }

    /** The last notified state: a fingerprint of the drift (never of its values) and the run it came from. */
    public record Notified(String fingerprint, boolean drifted, long runId, Instant updatedAt) {
        public Notified {
            Objects.requireNonNull(fingerprint, "fingerprint");
        }
    }

    public Optional<Notified> find(WorkspaceId workspace) {
        return scope.run("reading the drift last notified for " + workspace, c -> read(c, workspace));
    }

    /**
     * Like {@link #find}, but first locks the workspace's row until the transaction ends, so that two daemons
     * deciding about the same workspace at once take turns instead of both notifying. The workspace row is
     * locked rather than this table's, because before the first notification there is no row here to lock.
     */
    public Optional<Notified> lock(WorkspaceId workspace) {
        String doing = "locking the drift last notified for " + workspace;
        return scope.run(doing, c -> {
            Sql.one(c, "SELECT id FROM workspaces WHERE repo = ? AND name = ? FOR UPDATE", ps -> {
                ps.setString(1, workspace.repo());
                ps.setString(2, workspace.name());
            }, rs -> rs.getLong(1)).orElseThrow(() -> new IllegalArgumentException(
                    doing + ": workspace " + workspace + " is not registered (Workspaces.ensure registers it)"));
            return read(c, workspace);
        });
    }

    /** Records what was notified for the workspace, replacing what was there. */
    public void save(WorkspaceId workspace, String fingerprint, boolean drifted, long runId) {
        Objects.requireNonNull(fingerprint, "fingerprint");
        String doing = "recording the drift notified for " + workspace + " by run " + runId;
        scope.run(doing, c -> {
            long workspaceId = Workspaces.idOf(c, workspace, doing);
            Instant now = Sql.now(clock);
            Sql.Params values = ps -> {
                ps.setString(1, fingerprint);
                ps.setBoolean(2, drifted);
                ps.setLong(3, runId);
                Sql.setInstant(ps, 4, now);
                ps.setLong(5, workspaceId);
            };
            if (Sql.update(c, "UPDATE drift_notifications SET fingerprint = ?, drifted = ?, last_run_id = ?,"
                    + " updated_at = ? WHERE workspace_id = ?", values) == 0) {
                Sql.update(c, "INSERT INTO drift_notifications (fingerprint, drifted, last_run_id, updated_at,"
                        + " workspace_id) VALUES (?, ?, ?, ?, ?)", values);
            }
            return null;
        });
    }

    private static Optional<Notified> read(Connection c, WorkspaceId workspace) throws SQLException {
        return Sql.one(c, "SELECT n.fingerprint, n.drifted, n.last_run_id, n.updated_at FROM drift_notifications n"
                + " JOIN workspaces w ON w.id = n.workspace_id WHERE w.repo = ? AND w.name = ?", ps -> {
                    ps.setString(1, workspace.repo());
                    ps.setString(2, workspace.name());
                }, rs -> new Notified(rs.getString("fingerprint"), rs.getBoolean("drifted"),
                        rs.getLong("last_run_id"), Sql.instant(rs, "updated_at")));
    }
}
