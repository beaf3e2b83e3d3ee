package dev.plumbline.store;

import dev.plumbline.domain.ResourceIdentifier;
import dev.plumbline.domain.WorkspaceId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * Which workspace manages which identifier ({@code resource_index}), as the last successful plan or apply of each
 * workspace found its state. A workspace's entries are replaced as a whole, in the transaction that stores the run
 * they come from, so a lookup sees one run's state or the next's, never a mix.
 */
public final class ResourceIndex {
    /** Identifiers looked up per statement. */
    private static final int LOOKUP_BATCH = 100;

    private final Scope scope;
    private final Clock clock;

    ResourceIndex(Scope scope, Clock clock) {
        this.scope = scope;
        this.clock = clock;
    }

    /** When a workspace was last indexed, by which run, and how many identifiers it has. */
    public record Indexed(long runId, int identifiers, Instant indexedAt) { }

    /** Replaces the entries of {@code workspace} with {@code identifiers}, found by run {@code runId}. */
    public void replace(WorkspaceId workspace, long runId, List<ResourceIdentifier> identifiers) {
        scope.run("indexing the resources of " + workspace + " (run " + runId + ")", c -> {
            Instant now = Sql.now(clock);
            // the workspace's row first: it is what two replacements of one workspace wait on
            int updated = Sql.update(c, "UPDATE indexed_workspaces SET run_id = ?, resources = ?, indexed_at = ?"
                    + " WHERE repo = ? AND workspace = ?", ps -> {
                        ps.setLong(1, runId);
                        ps.setInt(2, identifiers.size());
                        Sql.setInstant(ps, 3, now);
                        ps.setString(4, workspace.repo());
                        ps.setString(5, workspace.name());
                    });
            if (updated == 0) {
                Sql.update(c, "INSERT INTO indexed_workspaces (repo, workspace, run_id, resources, indexed_at)"
                        + " VALUES (?, ?, ?, ?, ?)", ps -> {
                            ps.setString(1, workspace.repo());
                            ps.setString(2, workspace.name());
                            ps.setLong(3, runId);
                            ps.setInt(4, identifiers.size());
                            Sql.setInstant(ps, 5, now);
                        });
            }
            Sql.update(c, "DELETE FROM resource_index WHERE repo = ? AND workspace = ?", ps -> {
                ps.setString(1, workspace.repo());
                ps.setString(2, workspace.name());
            });
            insert(c, workspace, identifiers);
            return null;
        });
    }

    private static void insert(Connection c, WorkspaceId workspace, List<ResourceIdentifier> identifiers)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO resource_index (repo, workspace, identifier,"
                + " address, attribute) VALUES (?, ?, ?, ?, ?)")) {
            for (ResourceIdentifier id : identifiers) {
                ps.setString(1, workspace.repo());
                ps.setString(2, workspace.name());
                ps.setString(3, id.identifier());
                ps.setString(4, id.address());
                ps.setString(5, id.attribute());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    public Optional<Indexed> indexed(WorkspaceId workspace) {
        return scope.run("reading when " + workspace + " was indexed", c -> Sql.one(c, "SELECT run_id, resources,"
                + " indexed_at FROM indexed_workspaces WHERE repo = ? AND workspace = ?", ps -> {
                    ps.setString(1, workspace.repo());
                    ps.setString(2, workspace.name());
                }, rs -> new Indexed(rs.getLong(1), rs.getInt(2), Sql.instant(rs, "indexed_at"))));
    }

    /** Who manages any of {@code identifiers} (compared in {@link ResourceIdentifier#normal} form). */
    public List<ResourceOwner> owners(Collection<String> identifiers) {
        List<String> wanted = new ArrayList<>(new LinkedHashSet<>(identifiers.stream()
                .map(ResourceIdentifier::normal).filter(s -> !s.isEmpty()).toList()));
        if (wanted.isEmpty()) {
            return List.of();
        }
        return scope.run("looking up the owners of " + wanted.size() + " identifier(s)", c -> {
            List<ResourceOwner> found = new ArrayList<>();
            for (int from = 0; from < wanted.size(); from += LOOKUP_BATCH) {
                List<String> batch = wanted.subList(from, Math.min(wanted.size(), from + LOOKUP_BATCH));
                String marks = String.join(", ", Collections.nCopies(batch.size(), "?"));
                found.addAll(Sql.list(c, "SELECT repo, workspace, address, attribute, identifier FROM resource_index"
                        + " WHERE identifier IN (" + marks + ") ORDER BY repo, workspace, address, attribute", ps -> {
                            for (int i = 0; i < batch.size(); i++) {
                                ps.setString(i + 1, batch.get(i));
                            }
                        }, rs -> new ResourceOwner(new WorkspaceId(rs.getString(1), rs.getString(2)),
                                rs.getString(3), rs.getString(4), rs.getString(5))));
            }
            return found;
        });
    }

    /** The entries of one workspace, by address. */
    public List<ResourceIdentifier> of(WorkspaceId workspace) {
        return scope.run("reading the resource index of " + workspace, c -> Sql.list(c, "SELECT address, attribute,"
                + " identifier FROM resource_index WHERE repo = ? AND workspace = ? ORDER BY address, attribute,"
                + " identifier", ps -> {
                    ps.setString(1, workspace.repo());
                    ps.setString(2, workspace.name());
                }, rs -> new ResourceIdentifier(rs.getString(1), rs.getString(2), rs.getString(3))));
    }
}
