package dev.plumbline.reconcile;

import dev.plumbline.domain.WorkspaceId;
import java.util.Optional;

/**
 * What a merged pull request's reviewers saw, checked before the branch plan after the merge is applied by policy:
 * the reviewers approved that plan, not whatever the branch plans now.
 */
public interface ReviewedPlans {

    /** Empty when the branch plan may go ahead; else why it must wait for an approval. */
    Optional<String> holdBack(WorkspaceId workspace, long branchPlanRunId, String commit);

    /** The branch plan was applied (or its apply failed). */
    void applied(WorkspaceId workspace, long branchPlanRunId, RunResult apply);
}
