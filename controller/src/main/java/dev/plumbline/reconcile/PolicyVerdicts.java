package dev.plumbline.reconcile;

import dev.plumbline.domain.PolicyResult;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.policy.Decision;
import dev.plumbline.policy.PolicyGate;
import dev.plumbline.store.Database;
import dev.plumbline.store.PolicyOverride;
import dev.plumbline.store.Tx;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The stored policy verdicts of a plan and the overrides given for it, put before {@link PolicyGate}: what the
 * apply decisions of {@link Reconciler} and a pull request's apply ask.
 */
final class PolicyVerdicts {
    private final Database db;

    PolicyVerdicts(Database db) {
        this.db = db;
    }

    Decision afterPlan(Decision d, long runId) {
        return PolicyGate.afterPlan(d, runId, db.policyResults().forRun(runId), overridden(runId));
    }

    Decision onRequest(Decision d, long runId) {
        return PolicyGate.onRequest(d, runId, db.policyResults().forRun(runId), overridden(runId));
    }

    /** Why the plan of {@code runId} may not be applied because of its policy sets, if that is so. */
    Optional<String> blocked(long runId) {
        Decision d = PolicyGate.onRequest(new Decision(Decision.Verdict.APPLY, "asked"), runId,
                db.policyResults().forRun(runId), overridden(runId));
        return d.applies() ? Optional.empty() : Optional.of(d.reason());
    }

    /** The sets overridden for exactly the plan stored now (an override of another plan's sha256 does not count). */
    Set<String> overridden(long runId) {
        String sha = db.plans().sha256(runId).orElse(null);
        return db.policyOverrides().forRun(runId).stream().filter(o -> o.planSha256().equals(sha))
                .map(PolicyOverride::set).collect(Collectors.toSet());
    }

    /** Refuses, naming the set, an override that names no failing mandatory set of this plan. */
    void checkOverrides(long runId, List<String> sets) {
        List<PolicyResult> results = db.policyResults().forRun(runId);
        Set<String> already = overridden(runId);
        for (String set : sets) {
            PolicyGate.overrideRefusal(set, results).ifPresent(why -> {
                throw new Reconciler.PolicyRefusal("approving run " + runId + " with --override-policy " + set
                        + ": " + why);
            });
            if (already.contains(set)) {
                throw new Reconciler.PolicyRefusal("approving run " + runId + " with --override-policy " + set
                        + ": it is already overridden for this plan");
            }
        }
    }

    /** Records the overrides and their audit entries in the caller's transaction. */
    static void record(Tx tx, long runId, WorkspaceId ws, String sha, List<String> sets, String who,
            String comment, List<PolicyResult> results) {
        for (String set : sets) {
            tx.policyOverrides().record(runId, set, sha, who, comment);
            String outcome = results.stream().filter(r -> r.set().equals(set)).findFirst()
                    .map(r -> r.outcome().wire()).orElse("failed");
            tx.audit().record(who, "policy.overridden", Optional.of(ws), Optional.of(runId),
                    "overrode mandatory policy set " + set + " (" + outcome + ") for plan sha256 " + sha
                            + (comment == null ? "" : ": " + comment));
        }
    }
}
