package dev.plumbline.store;

import dev.plumbline.domain.WorkspaceId;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Acknowledged drift. An acknowledgement covers exactly the drift open when it was given (each attribute of each
 * resource, with its action), until it expires: drift that changes (another attribute, another action) is not
 * covered and is news again.
 */
public final class DriftAcks {
    private static final String SELECT = "SELECT a.id, w.repo, w.name, a.address, a.acknowledged_by, a.reason,"
            + " a.acknowledged_at, a.expires_at, (SELECT COUNT(*) FROM drift_ack_items i WHERE i.ack_id = a.id) AS items"
            + " FROM drift_acks a JOIN workspaces w ON w.id = a.workspace_id";

    private final Scope scope;
    private final Clock clock;

    DriftAcks(Scope scope, Clock clock) {
        this.scope = scope;
        this.clock = clock;
    }

    /**
     * Acknowledges the open drift of {@code workspace} (of {@code address} only, when given) until {@code expiresAt}.
     *
     * @throws IllegalArgumentException when there is no such open drift, or the expiry is not in the future
     */
    public DriftAck acknowledge(WorkspaceId workspace, Optional<String> address, String by, String reason,
            Instant expiresAt) {
        String doing = "acknowledging the drift of " + workspace + address.map(a -> " at " + a).orElse("");
        return scope.run(doing, c -> {
            long ws = Workspaces.idOf(c, workspace, doing);
            Instant now = Sql.now(clock);
            if (!expiresAt.isAfter(now)) {
                throw new IllegalArgumentException(doing + ": the acknowledgement would expire at " + expiresAt
                        + ", which is not in the future");
            }
            String open = " FROM drift_history WHERE workspace_id = ? AND resolved_at IS NULL"
                    + (address.isPresent() ? " AND address = ?" : "");
            Sql.Params params = ps -> {
                ps.setLong(1, ws);
                if (address.isPresent()) {
                    ps.setString(2, address.get());
                }
            };
            int items = Sql.one(c, "SELECT COUNT(*)" + open, params, rs -> rs.getInt(1)).orElse(0);
            if (items == 0) {
                throw new IllegalArgumentException(doing + ": there is no open drift"
                        + address.map(a -> " of " + a).orElse("") + " to acknowledge (see plumbline drift status)");
            }
            long id = Sql.insert(c, "INSERT INTO drift_acks (workspace_id, address, acknowledged_by, reason,"
                    + " acknowledged_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)", ps -> {
                        ps.setLong(1, ws);
                        Sql.setString(ps, 2, address.orElse(null));
                        ps.setString(3, by);
                        ps.setString(4, reason);
                        Sql.setInstant(ps, 5, now);
                        Sql.setInstant(ps, 6, expiresAt);
                    });
            Sql.update(c, "INSERT INTO drift_ack_items (ack_id, address, attribute_path, action)"
                    + " SELECT " + id + ", address, attribute_path, action" + open, params);
            return new DriftAck(id, workspace, address.orElse(null), by, reason, now, expiresAt, items);
        });
    }

    /** The drift the workspace's acknowledgements cover at {@code now}: address, path and action, NUL-separated. */
    public Set<String> covered(WorkspaceId workspace, Instant now) {
        return scope.run("reading the acknowledged drift of " + workspace, c -> new HashSet<>(Sql.list(c,
                "SELECT i.address, i.attribute_path, i.action FROM drift_ack_items i JOIN drift_acks a ON a.id = i.ack_id"
                        + " JOIN workspaces w ON w.id = a.workspace_id WHERE w.repo = ? AND w.name = ?"
                        + " AND a.expires_at > ?", ps -> {
                    ps.setString(1, workspace.repo());
                    ps.setString(2, workspace.name());
                    Sql.setInstant(ps, 3, now);
                }, rs -> key(rs.getString(1), rs.getString(2), rs.getString(3)))));
    }

    /** The acknowledgements in force at {@code now}, of every workspace or one, oldest first. */
    public List<DriftAck> active(Optional<WorkspaceId> workspace, Instant now) {
        return scope.run("reading the drift acknowledgements", c -> list(c, " WHERE a.expires_at > ?"
                + (workspace.isPresent() ? " AND w.repo = ? AND w.name = ?" : "") + " ORDER BY a.id", ps -> {
                    Sql.setInstant(ps, 1, now);
                    if (workspace.isPresent()) {
                        ps.setString(2, workspace.get().repo());
                        ps.setString(3, workspace.get().name());
                    }
                }));
    }

    /** How {@link #covered} spells one drifted attribute. */
    public static String key(String address, String path, String actionWire) {
        return address + '\u0000' + (path == null ? "" : path) + '\u0000' + actionWire;
    }

    private static List<DriftAck> list(Connection c, String where, Sql.Params params) throws SQLException {
        return Sql.list(c, SELECT + where, params, rs -> new DriftAck(rs.getLong("id"),
                new WorkspaceId(rs.getString("repo"), rs.getString("name")), rs.getString("address"),
                rs.getString("acknowledged_by"), rs.getString("reason"), Sql.instant(rs, "acknowledged_at"),
                Sql.instant(rs, "expires_at"), rs.getInt("items")));
    }
}
