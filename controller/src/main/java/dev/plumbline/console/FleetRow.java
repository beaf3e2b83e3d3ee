package dev.plumbline.console;

import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.fleet.WorkspaceState;
import java.time.Instant;

/**
 * One workspace as the console shows it, from the fleet read model. {@code status} is the condition its last
 * finished drift check left (in_sync, drifted, changes_pending, output_only, errored, unchecked), which also names its
 * colour; {@code lastCheckRunId} is null when it was never checked; {@code lockedBy} (a pull request number) and
 * {@code runningOn} (an owner) are null when none; {@code queuePosition} is 0 when nothing of it waits.
 */
public record FleetRow(WorkspaceId workspace, String status, Instant lastCheck, Long lastCheckRunId,
                       Instant driftedSince, int driftedResources, int pendingApprovals, Integer lockedBy,
                       String runningOn, int queuePosition) {
    static FleetRow of(WorkspaceState s) {
        return new FleetRow(s.id(), s.condition().wire(), s.lastCheck() == null ? null : s.lastCheck().finishedAt(),
                s.lastCheck() == null ? null : s.lastCheck().runId(), s.driftedSince(), s.driftedAddresses().size(),
                s.pendingApprovals(), s.lockedBy(), s.runningOn(), s.queuePosition());
    }

    public String path() {
        return "/workspaces/" + workspace.repo() + "/" + workspace.name();
    }
}
