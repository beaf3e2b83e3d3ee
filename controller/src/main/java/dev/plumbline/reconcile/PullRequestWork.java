package dev.plumbline.reconcile;

import dev.plumbline.runner.Cancellation;
import dev.plumbline.store.Work;
import java.util.Optional;

/**
 * Pull request work taken from the queue: a review of a pull request head, or the apply of a reviewed plan, each
 * named by data ({@link Work#pullRequest}). The daemon's claimed work of those kinds is handed here; each returns
 * the last run it made, if it made one. {@code cancel} stops the run when the daemon stops.
 */
public interface PullRequestWork {
    Optional<Long> review(Work work, Cancellation cancel);

    Optional<Long> apply(Work work, Cancellation cancel);
}
