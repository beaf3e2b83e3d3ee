package dev.plumbline.reconcile;

import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.policy.Decision;

/** A plan, what the policy made of it, and the apply it led to (null when nothing was applied). */
public record Outcome(WorkspaceId workspace, RunResult plan, Decision decision, RunResult apply) {
    public boolean applied() {
        return apply != null && apply.succeeded();
    }
}
