package dev.plumbline.policy;

import dev.plumbline.config.AttributePath;
import dev.plumbline.config.ChangeWindow;
import dev.plumbline.config.RemediationGuards;
import dev.plumbline.policy.Decision.Verdict;
import java.util.List;
import java.util.Optional;

/**
 * Graded self-healing: an automatic apply goes ahead only inside the guards of {@code drift.remediate}; outside
 * them it becomes a plan awaiting approval, and the reason says which guard held it. Whatever the guards say, a plan
 * that would undo drift an ignore rule covers waits for a person: ignored drift is never remediated.
 */
public final class RemediationPolicy {
    private RemediationPolicy() {
    }

    /** {@code decided} as {@link ApplyPolicy#afterPlan} gave it; changed only when it would apply. */
    public static Decision guard(Decision decided, boolean remediation, RemediationGuards guards,
                                 RemediationFacts plan) {
        if (!decided.applies()) {
            return decided;
        }
        if (!plan.undoesIgnored().isEmpty()) {
            return Decision.of(Verdict.AWAIT_APPROVAL, "the plan would undo drift that an ignore rule covers ("
                    + String.join(", ", plan.undoesIgnored()) + "); approve it to overwrite that drift");
        }
        if (!remediation) {
            return decided;
        }
        return held(guards, plan).map(why -> Decision.of(Verdict.AWAIT_APPROVAL, "remediation held for approval: "
                + why)).orElse(decided);
    }

    private static Optional<String> held(RemediationGuards guards, RemediationFacts plan) {
        for (String action : List.of("delete", "replace", "create", "update")) {
            if (guards.never().contains(action) && plan.actions().contains(action)) {
                return Optional.of("the plan would " + action + " a resource (drift.remediate.never: " + action + ")");
            }
        }
        if (guards.maxChanges() != null && plan.changes() > guards.maxChanges()) {
            return Optional.of("the plan changes " + plan.changes() + " resources, more than drift.remediate"
                    + ".max_changes (" + guards.maxChanges() + ")");
        }
        if (!guards.attributes().isEmpty()) {
            for (String path : plan.driftedPaths()) {
                if (guards.attributes().stream().noneMatch(a -> !path.isEmpty() && a.covers(path))) {
                    return Optional.of("the drifted attribute " + (path.isEmpty() ? "(a whole resource)" : path)
                            + " is not in drift.remediate.attributes (" + String.join(", ",
                            guards.attributes().stream().map(AttributePath::toString).toList()) + ")");
                }
            }
        }
        if (!guards.windows().isEmpty() && guards.windows().stream().noneMatch(w -> w.contains(plan.at()))) {
            return Optional.of("it is " + plan.at() + ", outside drift.remediate.windows ("
                    + String.join("; ", guards.windows().stream().map(ChangeWindow::toString).toList()) + ")");
        }
        return Optional.empty();
    }
}
