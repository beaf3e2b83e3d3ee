package dev.plumbline.policy;

import dev.plumbline.domain.Classification;
import dev.plumbline.domain.CommitSha;
import dev.plumbline.domain.RunKind;
import dev.plumbline.policy.Decision.Verdict;

/**
 * Pure decisions about applying a saved plan. Nothing here runs or stores anything, so every rule is a unit test.
 * The guiding rule: never apply plan content nobody approved. A plan is applied without a human only when the
 * workspace's policy says so, and a plan that deletes something needs a human unless the workspace allows it.
 */
public final class ApplyPolicy {
    private ApplyPolicy() { }

    /** What the daemon does on its own right after a plan. */
    public static Decision afterPlan(ApplyRules rules, PlanFacts plan) {
        Decision basic = basic(plan);
        if (basic != null) {
            return basic;
        }
        if (plan.kind() == RunKind.DRIFT_CHECK && plan.classification() == Classification.DRIFTED) {
            if (!rules.remediateDrift()) {
                return Decision.of(Verdict.REPORT_ONLY, "drift is reported, not corrected (on_drift: report)");
            }
            Decision destroy = destroyGuard(rules, plan);
            if (destroy != null) {
                return destroy;
            }
            if (!rules.autoApply() && plan.carriesUnappliedCommit()) {
                // Overwriting manual changes is allowed, but this plan would also apply Git changes that nobody
                // approved yet (the workspace is on apply: approval and Git moved since the last apply).
                return Decision.of(Verdict.AWAIT_APPROVAL, "the remediation plan also carries commit "
                        + CommitSha.shorten(plan.commit()) + ", which is not applied yet and needs approval (apply: approval)");
            }
            return Decision.of(Verdict.APPLY, "on_drift: remediate");
        }
        Decision destroy = destroyGuard(rules, plan);
        if (destroy != null) {
            return destroy;
        }
        return rules.autoApply()
                ? Decision.of(Verdict.APPLY, "apply: auto")
                : Decision.of(Verdict.AWAIT_APPROVAL, "apply: approval");
    }

    /** Whether an explicit {@code apply <run>} may go ahead. */
    public static Decision onRequest(ApplyRules rules, PlanFacts plan, boolean approved, boolean stale) {
        Decision basic = basic(plan);
        if (basic != null) {
            return basic.verdict() == Verdict.NOTHING_TO_APPLY ? Decision.of(Verdict.REFUSE, basic.reason()) : basic;
        }
        if (stale) {
            return Decision.of(Verdict.REFUSE, "the plan is stale: it was made at commit " + CommitSha.shorten(plan.commit())
                    + " and the branch has moved on; plan again");
        }
        if (approved) {
            return Decision.of(Verdict.APPLY, "approved");
        }
        Decision auto = afterPlan(rules, plan);
        if (auto.applies()) {
            return auto;
        }
        return Decision.of(Verdict.REFUSE, "run " + plan.runId() + " is not approved (" + auto.reason()
                + "); approve it first with: plumbline approve " + plan.runId());
    }

    private static Decision basic(PlanFacts plan) {
        return switch (plan.classification()) {
            case ERRORED -> Decision.of(Verdict.REFUSE, "the plan errored");
            case IN_SYNC -> Decision.of(Verdict.NOTHING_TO_APPLY, "the plan changes nothing");
            default -> null;
        };
    }

    private static Decision destroyGuard(ApplyRules rules, PlanFacts plan) {
        if (plan.destroyCount() > 0 && !rules.allowDestroy()) {
            return Decision.of(Verdict.AWAIT_APPROVAL, "the plan destroys " + plan.destroyCount()
                    + " resource" + (plan.destroyCount() == 1 ? "" : "s") + " (allow_destroy is off)");
        }
        return null;
    }

}
