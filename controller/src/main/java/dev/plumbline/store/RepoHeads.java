package dev.plumbline.store;

import java.time.Clock;
import java.util.Optional;

/** The last commit of each repo's tracked branch that Plumbline acted on. */
public final class RepoHeads {
    private final RepoCommitRows rows;

    RepoHeads(Scope scope, Clock clock) {
        this.rows = new RepoCommitRows(scope, clock, "repo_heads", "seen_at", "the last seen commit");
    }

    public Optional<String> lastSeen(String repo) {
        return rows.find(repo);
    }

    public void record(String repo, String commit) {
        rows.record(repo, commit);
    }
}
