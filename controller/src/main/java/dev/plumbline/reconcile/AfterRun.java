package dev.plumbline.reconcile;

import dev.plumbline.discovery.WorkspaceSource;
import dev.plumbline.domain.RunKind;

/**
 * What follows a finished run, once its row is final: a copy (the S3 archive) or a report (a drift notification).
 * It never changes the run's outcome, so a listener logs its own failures and does not throw.
 */
interface AfterRun {
    void finished(RunKind kind, WorkspaceSource source, RunResult result);
}
