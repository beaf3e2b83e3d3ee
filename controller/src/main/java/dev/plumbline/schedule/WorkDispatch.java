package dev.plumbline.schedule;

import dev.plumbline.domain.RunStatus;
import dev.plumbline.reconcile.Attempt;
import dev.plumbline.reconcile.Outcome;
import dev.plumbline.reconcile.PullRequestWork;
import dev.plumbline.reconcile.Reconciler;
import dev.plumbline.runner.Cancellation;
import dev.plumbline.store.Work;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What claimed work does, by its kind: drift checks and plans go to the {@link Reconciler}, pull request reviews
 * and applies to the {@link PullRequestWork} of the daemon.
 */
public final class WorkDispatch {
    private static final Logger LOG = LoggerFactory.getLogger(WorkDispatch.class);

    private final Reconciler reconciler;
    /** Null when no repo has a code host. */
    private final PullRequestWork pullRequests;

    public WorkDispatch(Reconciler reconciler, PullRequestWork pullRequests) {
        this.reconciler = reconciler;
        this.pullRequests = pullRequests;
    }

    /** The last run the work made, and the run that failed in a way worth trying again (both null for none). */
    record Ran(Long runId, Long failedRunId) {
        static final Ran NOTHING = new Ran(null, null);

        static Ran of(Optional<Long> runId) {
            return new Ran(runId.orElse(null), null);
        }
    }

    Ran run(Work work, Cancellation cancel) {
        Attempt attempt = new Attempt(work.attempt(), work.retryOf());
        return switch (work.kind()) {
            case DRIFT_CHECK -> ran(reconciler.driftCheck(work.workspace(), work.trigger(), attempt, cancel));
            case PLAN -> ran(reconciler.reconcile(work.workspace(), work.trigger(), attempt, cancel));
            case PULL_REQUEST_REVIEW -> pullRequests(work).map(p -> Ran.of(p.review(work, cancel))).orElse(Ran.NOTHING);
            case PULL_REQUEST_APPLY -> pullRequests(work).map(p -> Ran.of(p.apply(work, cancel))).orElse(Ran.NOTHING);
        };
    }

    private Optional<PullRequestWork> pullRequests(Work work) {
        if (pullRequests == null) {
            LOG.warn("{}: no repo has a vcs: entry any more; dropped", work.describe());
        }
        return Optional.ofNullable(pullRequests);
    }

    private static Ran ran(Outcome o) {
        Long last = o.apply() != null ? Long.valueOf(o.apply().runId()) : Long.valueOf(o.plan().runId());
        return new Ran(last, failedRun(o).orElse(null));
    }

    /** The failed run of an outcome, if it failed in a way worth trying again (not cancelled, not interrupted). */
    static Optional<Long> failedRun(Outcome o) {
        if (o.plan().status() == RunStatus.FAILED) {
            return Optional.of(o.plan().runId());
        }
        if (o.apply() != null && o.apply().status() == RunStatus.FAILED) {
            return Optional.of(o.apply().runId());
        }
        return Optional.empty();
    }
}
