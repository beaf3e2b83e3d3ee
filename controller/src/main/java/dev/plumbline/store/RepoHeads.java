package dev.plumbline.store;

import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;

/** The last commit of each repo's tracked branch that Plumbline acted on. */
public final class RepoHeads {
    private final Scope scope;
    private final Clock clock;

    RepoHeads(Scope scope, Clock clock) {
        this.scope = scope;
        this.clock = clock;
    }

    public Optional<String> lastSeen(String repo) {
        return scope.run("reading the last seen commit of repo " + repo, c -> Sql.one(c,
                "SELECT commit_sha FROM repo_heads WHERE repo = ?", ps -> ps.setString(1, repo),
                rs -> rs.getString("commit_sha")));
    }

    /** Update, then insert when there was no row (portable; no MERGE or ON CONFLICT). */
    public void record(String repo, String commit) {
        String doing = "recording commit " + commit + " of repo " + repo;
        scope.run(doing, c -> {
            int updated = Sql.update(c, "UPDATE repo_heads SET commit_sha = ?, seen_at = ? WHERE repo = ?", ps -> {
                ps.setString(1, commit);
                Sql.setInstant(ps, 2, Sql.now(clock));
                ps.setString(3, repo);
            });
            if (updated == 0) {
                try {
                    Sql.update(c, "INSERT INTO repo_heads (repo, commit_sha, seen_at) VALUES (?, ?, ?)", ps -> {
                        ps.setString(1, repo);
                        ps.setString(2, commit);
                        Sql.setInstant(ps, 3, Sql.now(clock));
                    });
                } catch (SQLException e) {
                    if (!Sql.isUniqueViolation(e)) {
                        throw e;
                    }
                    // another daemon recorded the repo at the same moment; the next poll catches up
                }
            }
            return null;
        });
    }
}
