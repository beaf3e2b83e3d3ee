package dev.plumbline.schedule;

import dev.plumbline.config.RetryPolicy;
import dev.plumbline.domain.RunKind;
import dev.plumbline.domain.Trigger;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.reconcile.Attempt;
import dev.plumbline.store.Database;
import dev.plumbline.store.Tx;
import dev.plumbline.store.Work;
import dev.plumbline.store.WorkItem;
import dev.plumbline.store.WorkKind;
import dev.plumbline.store.WorkState;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Triggers become queued work, and finished work leaves its retry behind. A drift check or a plan is a row of the
 * store's queue ({@link dev.plumbline.store.QueuedWork}) from the moment it is triggered, and is run by whichever
 * daemon claims it ({@link ClaimLoop}). A drift check or plan that failed is queued again, due after the retry
 * policy's backoff, naming the run it retries, until its attempts are used up; the retry is written in the
 * transaction that finishes the failed work, so a crash in between loses neither.
 */
public final class TriggeredRuns {
    private static final Logger LOG = LoggerFactory.getLogger(TriggeredRuns.class);

    private final Database db;
    private final RetryPolicy retry;
    private final WorkSignal signal;

    public TriggeredRuns(Database db, RetryPolicy retry, WorkSignal signal) {
        this.db = db;
        this.retry = retry;
        this.signal = signal;
    }

    /** A scheduled drift check fell due ({@code catchUp}: late, after a stop or a stall). */
    public void driftCheck(WorkspaceId workspace, boolean catchUp) {
        if (catchUp) {
            LOG.info("drift check of {} fell due while the daemon was down or busy; queuing it now", workspace);
        }
        submit(workspace, RunKind.DRIFT_CHECK, Trigger.SCHEDULE, Attempt.FIRST);
    }

    /** Queues a drift check or a plan (applied as policy allows) of {@code ws}. */
    public void submit(WorkspaceId ws, RunKind kind, Trigger trigger, Attempt attempt) {
        WorkKind work = switch (kind) {
            case PLAN -> WorkKind.PLAN;
            case DRIFT_CHECK, REFRESH_ONLY -> WorkKind.DRIFT_CHECK;
            case APPLY -> throw new IllegalArgumentException("queuing an apply of " + ws + ": an apply is queued"
                    + " only as the plan it follows, or from a reviewed pull request plan");
        };
        db.queuedWork().enqueue(new Work(ws, work, trigger, attempt.number(), attempt.retryOf(), null, null));
        signal.ring();
    }

    /** Work was queued here in a transaction of the caller's, now committed: claim it at once. */
    public void queued() {
        signal.ring();
    }

    /** Finishes work {@code owner} ran, queuing its retry with it when it failed in a way worth trying again. */
    void finished(WorkItem item, String owner, WorkDispatch.Ran ran) {
        Optional<Work> again = ran.failedRunId() == null ? Optional.empty() : retryOf(item.work(), ran.failedRunId());
        finish(item, owner, ran.runId(), again);
    }

    /** The work failed before its run could start: tried again like a failed run, naming the run it retried. */
    void failedToStart(WorkItem item, String owner, RuntimeException e) {
        LOG.error("{} failed before its run could start: {}", item.work().describe(), e.getMessage());
        finish(item, owner, null, retryOf(item.work(), item.work().retryOf()));
    }

    private void finish(WorkItem item, String owner, Long runId, Optional<Work> again) {
        boolean finished = db.inTransaction((Tx tx) -> {
            if (!tx.queuedWork().finish(item.id(), owner, runId, WorkState.DONE)) {
                return false;
            }
            again.ifPresent(tx.queuedWork()::enqueue);
            return true;
        });
        if (!finished) {
            LOG.warn("{}: it was handed to another daemon while it ran; its end is not recorded again", item);
        } else if (again.isPresent()) {
            signal.ring();
        }
    }

    private Optional<Work> retryOf(Work work, Long failedRunId) {
        boolean retried = work.kind() == WorkKind.DRIFT_CHECK || work.kind() == WorkKind.PLAN;
        if (!retried) {
            return Optional.empty();
        }
        if (work.attempt() >= retry.maxAttempts()) {
            LOG.warn("{} of {} failed {} time(s); not retrying until the next trigger", work.kind().wire(),
                    work.workspace(), work.attempt());
            return Optional.empty();
        }
        Duration delay = retry.backoffBefore(work.attempt() + 1);
        LOG.info("retrying {} of {} in {}s (attempt {} of {})", work.kind().wire(), work.workspace(),
                delay.toSeconds(), work.attempt() + 1, retry.maxAttempts());
        return Optional.of(work.retry(failedRunId, Instant.now().plus(delay)));
    }
}
