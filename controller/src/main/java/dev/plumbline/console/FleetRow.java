package dev.plumbline.console;

import dev.plumbline.domain.WorkspaceId;
import java.time.Instant;

/**
 * One workspace on the fleet page. {@code status} is the condition its last finished drift check left (in_sync,
 * drifted, changes_pending, output_only, errored, unchecked), which also names its colour; {@code lastCheckRunId}
 * is null when it was never checked.
 */
public record FleetRow(WorkspaceId workspace, String status, Instant lastCheck, Long lastCheckRunId,
                       Instant driftedSince, int driftedResources, int pendingApprovals) {
    public String path() {
        return "/workspaces/" + workspace.repo() + "/" + workspace.name();
    }
}
