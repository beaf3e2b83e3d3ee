package dev.plumbline.reconcile;

import dev.plumbline.discovery.WorkspaceSource;
import dev.plumbline.domain.RunKind;
import dev.plumbline.notify.DriftNotifier;

/** What follows a finished drift check: its findings go to the notifier, which decides whether they are news. */
final class DriftReport implements AfterRun {
    private final DriftNotifier notifier;

    DriftReport(DriftNotifier notifier) {
        this.notifier = notifier;
    }

    @Override
    public void finished(RunKind kind, WorkspaceSource source, RunResult result) {
        if (kind == RunKind.DRIFT_CHECK) {
            notifier.onDriftCheck(result.workspace(), result.runId(), result.classification(), result.drift());
        }
    }
}
