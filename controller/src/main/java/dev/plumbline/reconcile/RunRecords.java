package dev.plumbline.reconcile;

import dev.plumbline.domain.Classification;
import dev.plumbline.domain.Run;
import dev.plumbline.domain.RunStatus;
import dev.plumbline.runner.Cancellation;
import dev.plumbline.runner.CommandResult;
import dev.plumbline.store.Database;
import dev.plumbline.store.NewRun;
import dev.plumbline.store.RunOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rule every run follows: its row is written (status running) before any tool starts, and finished exactly once
 * afterwards, whatever happens in between: failed with the tool's reason, cancelled, interrupted by a stop, or failed
 * by an unexpected fault. A crash leaves a visible running row for the next start to mark interrupted.
 */
final class RunRecords {
    private static final Logger LOG = LoggerFactory.getLogger(RunRecords.class);

    private final Database db;
    /** Null when runs are recorded without an owner. */
    private final OwnerHeartbeat owner;

    RunRecords(Database db, OwnerHeartbeat owner) {
        this.db = db;
        this.owner = owner;
    }

    /** Writes the run's row, owned by this process, before anything runs; returns its id. */
    long start(NewRun run) {
        return db.runs().start(owner == null ? run : run.ownedBy(owner.ownerId()));
    }

    /** Stops the run through {@code cancel} when someone asks to cancel it; the handle stops watching. */
    Runnable watch(long runId, Cancellation cancel) {
        return owner == null ? () -> { } : owner.track(runId, cancel);
    }

    RunResult fail(long runId, StoredLog log, CommandResult r, Classification classification, Cancellation cancel) {
        boolean cancelled = r.ending() == CommandResult.Ending.CANCELLED;
        String why = cancelled ? "cancelled: " + cancel.reason()
                : StateLock.describe(r.tail()).orElseGet(r::describeFailure);
        log.note("plumbline: " + why);
        log.flush();
        RunOutcome outcome;
        if (cancelled && cancel.isShutdown()) {
            // The daemon is stopping: the run did not fail, it was cut short and may be run again.
            outcome = new RunOutcome(RunStatus.INTERRUPTED, r.exitCode(), null, null, why);
        } else if (cancelled) {
            outcome = new RunOutcome(RunStatus.CANCELLED, r.exitCode(), null, null, why);
        } else {
            outcome = new RunOutcome(RunStatus.FAILED, r.exitCode(), classification, null, why);
        }
        db.runs().finish(runId, outcome);
        LOG.warn("run {} {}: {}", runId, outcome.status().wire(), why);
        return result(runId);
    }

    RunResult failUnexpectedly(long runId, Throwable e) {
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        LOG.error("run {} failed: {}", runId, why, e);
        try {
            if (!db.runs().find(runId).map(r -> r.status().isFinal()).orElse(true)) {
                db.runs().finish(runId, RunOutcome.failed(null, why));
            }
        } catch (RuntimeException storeFailure) {
            e.addSuppressed(storeFailure);
        }
        if (e instanceof Error err) {
            throw err;
        }
        return result(runId);
    }

    RunResult result(long runId) {
        Run r = db.runs().find(runId).orElseThrow(() ->
                new IllegalStateException("reading run " + runId + ": it is not stored"));
        return new RunResult(runId, r.workspace(), r.status(), r.classification(), db.drift().forRun(runId),
                r.errorMessage());
    }
}
