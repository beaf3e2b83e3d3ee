package dev.plumbline.policy;

import dev.plumbline.domain.Classification;
import dev.plumbline.domain.RunKind;

/**
 * What the policy needs to know about a stored plan. {@code carriesUnappliedCommit}: the plan was made at a commit
 * that has not been applied to this workspace yet, so besides correcting drift it would roll out Git changes.
 */
public record PlanFacts(
        long runId, RunKind kind, Classification classification, int destroyCount, String commit,
        boolean carriesUnappliedCommit) { }
