package dev.plumbline.reconcile;

import dev.plumbline.domain.Classification;
import dev.plumbline.domain.DriftFinding;
import dev.plumbline.domain.RunStatus;
import dev.plumbline.domain.WorkspaceId;
import java.util.List;

/** What a run came to, as stored. {@code classification} is null for applies and for runs that failed early. */
public record RunResult(
        long runId, WorkspaceId workspace, RunStatus status, Classification classification, List<DriftFinding> drift,
        String error) {

    public RunResult {
        drift = List.copyOf(drift);
    }

    public boolean succeeded() {
        return status == RunStatus.SUCCEEDED;
    }
}
