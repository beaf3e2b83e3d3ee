package dev.plumbline.reconcile;

import dev.plumbline.discovery.WorkspaceSource;
import dev.plumbline.domain.RunKind;

/**
 * What follows a finished run, once its row is final: a copy (the S3 archive). It never changes the run's outcome,
 * so a listener logs its own failures and does not throw. (A drift notification is no such listener: it is
 * written in the run's finishing transaction, see {@link DriftReport}.)
 */
interface AfterRun {
    void finished(RunKind kind, WorkspaceSource source, RunResult result);
}
