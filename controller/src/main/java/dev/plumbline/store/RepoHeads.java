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

    /**
     * Moves the repo's head from {@code from} (empty: never seen) to {@code to}, unless another daemon moved it first
     * (then false, and that daemon queued what the move causes). Used in the transaction that queues the plans the
     * new commits cause, so the head and its plans are recorded together or not at all.
     */
    public boolean advance(String repo, Optional<String> from, String to) {
        return rows.advance(repo, from, to);
    }
}
