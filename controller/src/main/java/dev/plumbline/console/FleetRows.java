package dev.plumbline.console;

import dev.plumbline.domain.Classification;
import dev.plumbline.domain.DriftFinding;
import dev.plumbline.domain.Run;
import dev.plumbline.domain.RunKind;
import dev.plumbline.domain.RunStatus;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.store.Database;
import dev.plumbline.store.DriftNotifications;
import dev.plumbline.store.WorkspaceRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Each workspace's state as the fleet page shows it, read from its recent runs: the last finished drift check, the
 * drift transition the notifier recorded (drifted since), the resources that check found drifted, and the plans
 * with changes waiting for an approval (succeeded, neither approved nor applied, newer than the last apply).
 */
final class FleetRows {
    /** Runs looked at per workspace: a pending plan older than these is long stale. */
    private static final int RECENT = 50;

    private final Database db;

    FleetRows(Database db) {
        this.db = db;
    }

    List<FleetRow> all() {
        List<FleetRow> rows = new ArrayList<>();
        for (WorkspaceRecord w : db.workspaces().list()) {
            rows.add(of(w.workspace()));
        }
        return rows;
    }

    FleetRow of(WorkspaceId ws) {
        List<Run> recent = db.runs().list(Optional.of(ws), RECENT);
        Run check = recent.stream().filter(r -> r.kind() == RunKind.DRIFT_CHECK && r.times().finishedAt() != null)
                .findFirst().orElse(null);
        String status = status(check);
        int drifted = "drifted".equals(status) ? (int) db.drift().forRun(check.id()).stream()
                .map(DriftFinding::address).distinct().count() : 0;
        Instant since = !"drifted".equals(status) ? null : db.driftNotifications().find(ws)
                .filter(DriftNotifications.Notified::drifted).map(DriftNotifications.Notified::updatedAt)
                .orElse(check.times().finishedAt());
        return new FleetRow(ws, status, check == null ? null : check.times().finishedAt(),
                check == null ? null : check.id(), since, drifted, pending(recent));
    }

    static String status(Run check) {
        if (check == null) {
            return "unchecked";
        }
        if (check.status() != RunStatus.SUCCEEDED || check.classification() == null) {
            return "errored";
        }
        return check.classification().wire();
    }

    private int pending(List<Run> recent) {
        int n = 0;
        for (Run r : recent) {
            if (r.kind() == RunKind.APPLY) {
                break;
            }
            if (awaitsApproval(r)) {
                n++;
            }
        }
        return n;
    }

    /** A finished plan or check with changes that nobody approved and nothing applied. */
    boolean awaitsApproval(Run r) {
        return (r.kind() == RunKind.PLAN || r.kind() == RunKind.DRIFT_CHECK) && r.status() == RunStatus.SUCCEEDED
                && (r.classification() == Classification.DRIFTED || r.classification() == Classification.CHANGES_PENDING)
                && db.approvals().find(r.id()).isEmpty() && db.runs().appliesOf(r.id()).isEmpty();
    }
}
