package dev.plumbline.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Apply locks: a workspace with a pull request plan that is not merged yet is locked by that pull request, one lock
 * per workspace. Other pull requests may plan the workspace, but only the holder may apply it.
 */
public final class WorkspaceLocks {
    private static final String COLUMNS = "repo, workspace, pr_number, head_sha, locked_at";

    private final Scope scope;
    private final Clock clock;

    WorkspaceLocks(Scope scope, Clock clock) {
        this.scope = scope;
        this.clock = clock;
    }

    /**
     * Takes the lock for pull request {@code number}, or moves it to a new head commit when it already holds it.
     * Returns the lock as it now is: held by {@code number}, or by the pull request that got there first.
     */
    public WorkspaceLock acquire(String repo, String workspace, int number, String headSha) {
        String doing = "locking " + repo + "/" + workspace + " for #" + number;
        return scope.run(doing, c -> {
            Optional<WorkspaceLock> held = Sql.one(c, "SELECT " + COLUMNS + " FROM workspace_locks WHERE repo = ?"
                    + " AND workspace = ?", ps -> {
                        ps.setString(1, repo);
                        ps.setString(2, workspace);
                    }, WorkspaceLocks::row);
            if (held.isPresent() && held.get().number() != number) {
                return held.get();
            }
            if (held.isPresent()) {
                Sql.update(c, "UPDATE workspace_locks SET head_sha = ? WHERE repo = ? AND workspace = ?", ps -> {
                    ps.setString(1, headSha);
                    ps.setString(2, repo);
                    ps.setString(3, workspace);
                });
                return new WorkspaceLock(repo, workspace, number, headSha, held.get().lockedAt());
            }
            // Two pull requests locking at the same moment: the loser's insert fails on the primary key, and its
            // review is planned again by the next event; a lost race never gives two holders.
            Instant now = Sql.now(clock);
            Sql.update(c, "INSERT INTO workspace_locks (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?)", ps -> {
                ps.setString(1, repo);
                ps.setString(2, workspace);
                ps.setInt(3, number);
                ps.setString(4, headSha);
                Sql.setInstant(ps, 5, now);
            });
            return new WorkspaceLock(repo, workspace, number, headSha, now);
        });
    }

    public Optional<WorkspaceLock> find(String repo, String workspace) {
        return scope.run("reading the lock of " + repo + "/" + workspace, c -> Sql.one(c,
                "SELECT " + COLUMNS + " FROM workspace_locks WHERE repo = ? AND workspace = ?", ps -> {
                    ps.setString(1, repo);
                    ps.setString(2, workspace);
                }, WorkspaceLocks::row));
    }

    /** Releases the lock if {@code number} holds it; says whether it did. */
    public boolean release(String repo, String workspace, int number) {
        return scope.run("unlocking " + repo + "/" + workspace + " for #" + number, c -> Sql.update(c,
                "DELETE FROM workspace_locks WHERE repo = ? AND workspace = ? AND pr_number = ?", ps -> {
                    ps.setString(1, repo);
                    ps.setString(2, workspace);
                    ps.setInt(3, number);
                }) == 1);
    }

    /** The locks pull request {@code number} holds. */
    public List<WorkspaceLock> heldBy(String repo, int number) {
        return scope.run("reading the locks of " + repo + "#" + number, c -> Sql.list(c,
                "SELECT " + COLUMNS + " FROM workspace_locks WHERE repo = ? AND pr_number = ? ORDER BY workspace",
                ps -> {
                    ps.setString(1, repo);
                    ps.setInt(2, number);
                }, WorkspaceLocks::row));
    }

    public List<WorkspaceLock> all(String repo) {
        return scope.run("reading the locks of " + repo, c -> Sql.list(c,
                "SELECT " + COLUMNS + " FROM workspace_locks WHERE repo = ? ORDER BY workspace",
                ps -> ps.setString(1, repo), WorkspaceLocks::row));
    }

    private static WorkspaceLock row(ResultSet rs) throws SQLException {
        return new WorkspaceLock(rs.getString("repo"), rs.getString("workspace"), rs.getInt("pr_number"),
                rs.getString("head_sha"), Sql.instant(rs, "locked_at"));
    }
}
