package dev.plumbline.reconcile;

import dev.plumbline.domain.Classification;
import dev.plumbline.domain.DriftFinding;
import dev.plumbline.domain.RunKind;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.notify.DriftNotifier;
import dev.plumbline.notify.Queued;
import dev.plumbline.store.Tx;
import java.util.List;

/**
 * What a finished drift check tells the notifier: whether its findings are news is decided, and the notification
 * queued, in the transaction that finishes the run, so the run's result and its notification are stored together
 * or not at all; once that commits, the notifier sends it.
 */
final class DriftReport {
    static final DriftReport NONE = new DriftReport(null);

    /** Null when no channel is configured. */
    private final DriftNotifier notifier;

    DriftReport(DriftNotifier notifier) {
        this.notifier = notifier;
    }

    /** Inside the finishing transaction of a successful plan run: only a drift check is reported. */
    Queued record(Tx tx, RunKind kind, WorkspaceId workspace, long runId, Classification classification,
                  List<DriftFinding> drift) {
        if (notifier == null || kind != RunKind.DRIFT_CHECK) {
            return Queued.NONE;
        }
        return notifier.record(tx, workspace, runId, classification, drift);
    }

    /** After that transaction committed. */
    void committed(Queued rows) {
        if (notifier != null) {
            notifier.queued(rows);
        }
    }
}
