package dev.plumbline.schedule;

import dev.plumbline.config.RetryPolicy;
import dev.plumbline.domain.RunKind;
import dev.plumbline.domain.RunStatus;
import dev.plumbline.domain.Trigger;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.reconcile.Attempt;
import dev.plumbline.reconcile.Outcome;
import dev.plumbline.reconcile.Reconciler;
import dev.plumbline.reconcile.WorkspaceRuns;
import dev.plumbline.runner.Cancellation;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Triggers become runs: a drift check, a push or a retry is queued in the {@link RunQueue} (one run per workspace
 * at a time, a global cap, applies first) and run by the {@link Reconciler}; a run that failed is tried again after
 * the retry policy's backoff, naming the run it retries, until its attempts are used up. Stopping interrupts the
 * running tools (SIGINT, so state locks are released) and waits for them.
 */
public final class TriggeredRuns implements WorkspaceRuns {
    private static final Logger LOG = LoggerFactory.getLogger(TriggeredRuns.class);

    private final Reconciler reconciler;
    private final RunQueue queue;
    private final RetryPolicy retry;
    private final Set<Cancellation> active = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "plumbline-retries");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean stopping;

    public TriggeredRuns(Reconciler reconciler, int maxConcurrentRuns, RetryPolicy retry) {
        this.reconciler = reconciler;
        this.queue = new RunQueue(maxConcurrentRuns);
        this.retry = retry;
    }

    /** A scheduled drift check fell due ({@code catchUp}: late, after a stop or a stall). */
    public void driftCheck(WorkspaceId workspace, boolean catchUp) {
        if (catchUp) {
            LOG.info("drift check of {} fell due while the daemon was down or busy; running it now", workspace);
        }
        submit(workspace, RunKind.DRIFT_CHECK, Trigger.SCHEDULE, Attempt.FIRST);
    }

    /** Queues a drift check or a plan (applied as policy allows) of {@code ws}. */
    public void submit(WorkspaceId ws, RunKind kind, Trigger trigger, Attempt attempt) {
        if (stopping) {
            return;
        }
        Cancellation cancel = new Cancellation();
        String what = kind.wire() + " of " + ws + " (" + trigger.wire() + ", attempt " + attempt.number() + ")";
        queue.submit(new QueuedRun(ws, Priority.of(kind), what, () -> {
            active.add(cancel);
            if (stopping) {
                // stop() may already have interrupted the runs it saw; this one started just after.
                cancel.shutdown("the daemon is stopping");
            }
            try {
                Outcome o = kind == RunKind.DRIFT_CHECK
                        ? reconciler.driftCheck(ws, trigger, attempt, cancel)
                        : reconciler.reconcile(ws, trigger, attempt, cancel);
                failedRun(o).ifPresent(runId -> retry(ws, kind, attempt, runId));
            } catch (RuntimeException e) {
                LOG.error("{} failed before its run could start: {}", what, e.getMessage());
                retry(ws, kind, attempt, attempt.retryOf());
            } finally {
                active.remove(cancel);
            }
        }));
    }

    /** Pull request plans and applies wait in the run queue like every other run. */
    @Override
    public void submit(WorkspaceId ws, boolean apply, String description, Consumer<Cancellation> work) {
        if (stopping) {
            return;
        }
        queue.submit(new QueuedRun(ws, apply ? Priority.APPLY : Priority.PLAN, description, () -> {
            Cancellation cancel = new Cancellation();
            active.add(cancel);
            try {
                work.accept(cancel);
            } finally {
                active.remove(cancel);
            }
        }));
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

    private void retry(WorkspaceId ws, RunKind kind, Attempt attempt, Long failedRunId) {
        if (stopping || attempt.number() >= retry.maxAttempts()) {
            if (!stopping) {
                LOG.warn("{} of {} failed {} time(s); not retrying until the next trigger", kind.wire(), ws,
                        attempt.number());
            }
            return;
        }
        Attempt next = failedRunId == null ? new Attempt(attempt.number() + 1, null) : attempt.next(failedRunId);
        Duration delay = retry.backoffBefore(next.number());
        LOG.info("retrying {} of {} in {}s (attempt {} of {})", kind.wire(), ws, delay.toSeconds(), next.number(),
                retry.maxAttempts());
        retries.schedule(() -> submit(ws, kind, Trigger.RETRY, next), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** How many runs are running now. */
    public int running() {
        return active.size();
    }

    /**
     * Takes no more runs, interrupts the running ones and waits up to {@code grace} for them; returns the queued runs
     * that never started (their schedules fire again after the restart).
     */
    public List<QueuedRun> stop(Duration grace) {
        stopping = true;
        retries.shutdownNow();
        active.forEach(c -> c.shutdown("the daemon is stopping"));
        return queue.shutdown(grace);
    }
}
