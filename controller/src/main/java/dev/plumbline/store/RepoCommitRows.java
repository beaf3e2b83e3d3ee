package dev.plumbline.store;

import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;

/**
 * A table with one commit per repo ({@code repo}, {@code commit_sha}, a time column): read one, and write one by
 * update-then-insert, which is portable (no MERGE or ON CONFLICT). The table and column names are constants of
 * this package, never input.
 */
final class RepoCommitRows {
    private final Scope scope;
    private final Clock clock;
    private final String table;
    private final String timeColumn;
    private final String what;

    RepoCommitRows(Scope scope, Clock clock, String table, String timeColumn, String what) {
        this.scope = scope;
        this.clock = clock;
        this.table = table;
        this.timeColumn = timeColumn;
        this.what = what;
    }

    Optional<String> find(String repo) {
        return scope.run("reading " + what + " of repo " + repo, c -> Sql.one(c,
                "SELECT commit_sha FROM " + table + " WHERE repo = ?", ps -> ps.setString(1, repo),
                rs -> rs.getString("commit_sha")));
    }

    void record(String repo, String commit) {
        scope.run("recording " + what + " of repo " + repo + " as " + commit, c -> {
            int updated = Sql.update(c, "UPDATE " + table + " SET commit_sha = ?, " + timeColumn + " = ? WHERE repo = ?",
                    ps -> {
                        ps.setString(1, commit);
                        Sql.setInstant(ps, 2, Sql.now(clock));
                        ps.setString(3, repo);
                    });
            if (updated == 0) {
                try {
                    Sql.undoneOnFailure(c, tx -> Sql.update(tx, "INSERT INTO " + table + " (repo, commit_sha, "
                            + timeColumn + ") VALUES (?, ?, ?)", ps -> {
                                ps.setString(1, repo);
                                ps.setString(2, commit);
                                Sql.setInstant(ps, 3, Sql.now(clock));
                            }));
                } catch (SQLException e) {
                    if (!Sql.isUniqueViolation(e)) {
                        throw e;
                    }
                    // another process recorded the repo at the same moment; the next poll catches up
                }
            }
            return null;
        });
    }

    /**
     * Moves the repo's commit from {@code from} (empty: none recorded) to {@code to}, only if it still is
     * {@code from}; false when another process moved it first.
     */
    boolean advance(String repo, Optional<String> from, String to) {
        return scope.run("moving " + what + " of repo " + repo + " to " + to, c -> {
            if (from.isPresent()) {
                return Sql.update(c, "UPDATE " + table + " SET commit_sha = ?, " + timeColumn + " = ?"
                        + " WHERE repo = ? AND commit_sha = ?", ps -> {
                            ps.setString(1, to);
                            Sql.setInstant(ps, 2, Sql.now(clock));
                            ps.setString(3, repo);
                            ps.setString(4, from.get());
                        }) == 1;
            }
            try {
                Sql.undoneOnFailure(c, tx -> Sql.update(tx, "INSERT INTO " + table + " (repo, commit_sha, "
                        + timeColumn + ") VALUES (?, ?, ?)", ps -> {
                            ps.setString(1, repo);
                            ps.setString(2, to);
                            Sql.setInstant(ps, 3, Sql.now(clock));
                        }));
                return true;
            } catch (SQLException e) {
                if (!Sql.isUniqueViolation(e)) {
                    throw e;
                }
                return false;
            }
        });
    }
}
