package dev.plumbline.fleet;

import dev.plumbline.domain.Tool;
import dev.plumbline.domain.WorkspaceId;
import java.time.Instant;
import java.util.List;

/**
 * A workspace with its current state, as the fleet view shows it.
 *
 * @param lastCheck        the latest finished drift check; null when it was never checked
 * @param lastSuccessAt    when its latest completed check finished; null when none completed
 * @param driftedSince     when the unbroken run of drifted checks that ends with the last one began; null when the
 *                         last completed check found no drift
 * @param driftedAddresses the resource addresses the last check found drifted, sorted, each once
 * @param pendingApprovals successful plans with changes, newer than the last apply, neither approved nor applied
 * @param lockedBy         the pull request number holding the workspace's apply lock; null when unlocked
 * @param runningOn        the owner (daemon or command) running work of the workspace now; null when none
 * @param queuePosition    where the workspace's first waiting work stands in the queue, from 1; 0 when none waits
 */
public record WorkspaceState(WorkspaceId id, Tool tool, LastCheck lastCheck, Instant lastSuccessAt,
        Instant driftedSince, List<String> driftedAddresses, int pendingApprovals, Integer lockedBy,
        String runningOn, int queuePosition) {
    public WorkspaceState {
        driftedAddresses = List.copyOf(driftedAddresses);
    }

    public Condition condition() {
        return lastCheck == null ? Condition.UNCHECKED
                : Condition.of(lastCheck.status(), lastCheck.classification());
    }
}
