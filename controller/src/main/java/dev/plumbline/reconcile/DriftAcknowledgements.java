package dev.plumbline.reconcile;

import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.store.Database;
import dev.plumbline.store.DriftAck;
import java.time.Instant;
import java.util.Optional;

/**
 * Acknowledging drift, for the command line and the API alike: the acknowledgement, its audit entry and the reset
 * of what was last notified are one transaction. The reset makes the workspace count as not drifted for the
 * notifier, so that once the acknowledgement expires the drift still there is announced again as new; while it
 * holds, the drift it covers is neither announced nor resolved ({@link DriftReport}).
 */
public final class DriftAcknowledgements {
    private DriftAcknowledgements() {
    }

    /** @throws IllegalArgumentException when there is no such open drift, or {@code until} is not in the future */
    public static DriftAck acknowledge(Database db, WorkspaceId workspace, Optional<String> address, String who,
            String reason, Instant until) {
        return db.inTransaction(tx -> {
            DriftAck a = tx.driftAcks().acknowledge(workspace, address, who, reason, until);
            tx.audit().record(who, "drift.acknowledged", Optional.of(workspace), Optional.empty(),
                    "acknowledged " + a.items() + " drifted attribute(s)" + address.map(x -> " of " + x).orElse("")
                            + " until " + until + ": " + reason);
            tx.driftNotifications().lock(workspace).ifPresent(n ->
                    tx.driftNotifications().save(workspace, n.fingerprint(), false, n.runId()));
            return a;
        });
    }
}
