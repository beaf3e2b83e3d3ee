package dev.plumbline.policy;

import dev.plumbline.domain.PolicyResult;
import dev.plumbline.policy.Decision.Verdict;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Pure decisions on the policy sets' verdicts about a plan. A mandatory set that denied the plan, or could not be
 * evaluated, stops every apply of it (fail closed), whatever the workspace's apply policy or an approval says,
 * until an operator overrides that set by name for that plan. Advisory sets and warnings never stop an apply.
 */
public final class PolicyGate {
    private PolicyGate() { }

    /** The results that stop the apply: mandatory, denied or errored, and not overridden. */
    public static List<PolicyResult> blocking(List<PolicyResult> results, Set<String> overridden) {
        return results.stream().filter(PolicyResult::blocks).filter(r -> !overridden.contains(r.set())).toList();
    }

    /** What the daemon does after a plan: {@code d} (from {@link ApplyPolicy#afterPlan}) unless a set blocks. */
    public static Decision afterPlan(Decision d, long runId, List<PolicyResult> results, Set<String> overridden) {
        List<PolicyResult> blocking = blocking(results, overridden);
        if (blocking.isEmpty() || d.verdict() != Verdict.APPLY && d.verdict() != Verdict.AWAIT_APPROVAL) {
            return d;
        }
        return Decision.of(Verdict.AWAIT_APPROVAL, why(blocking) + "; it waits for an operator's override: "
                + overrideCommand(runId, blocking));
    }

    /** Whether an explicit apply may go ahead: {@code d} (from {@link ApplyPolicy#onRequest}) unless a set blocks. */
    public static Decision onRequest(Decision d, long runId, List<PolicyResult> results, Set<String> overridden) {
        List<PolicyResult> blocking = blocking(results, overridden);
        if (blocking.isEmpty() || !d.applies()) {
            return d;
        }
        return Decision.of(Verdict.REFUSE, why(blocking) + "; an operator may override it with: "
                + overrideCommand(runId, blocking));
    }

    /**
     * Why an override of {@code set} for this plan is refused, if it is: an override must name a mandatory set
     * that failed on this very plan, so that nobody signs away a check they did not see fail.
     */
    public static Optional<String> overrideRefusal(String set, List<PolicyResult> results) {
        Optional<PolicyResult> r = results.stream().filter(x -> x.set().equals(set)).findFirst();
        List<String> failing = results.stream().filter(PolicyResult::blocks).map(PolicyResult::set).toList();
        String sets = failing.isEmpty() ? "no mandatory set failed on it" : "the failing mandatory sets are "
                + String.join(", ", failing);
        if (r.isEmpty()) {
            return Optional.of("policy set " + set + " did not check this plan (" + sets + ")");
        }
        if (!r.get().failed()) {
            return Optional.of("policy set " + set + " " + r.get().outcome().wire() + " this plan; there is nothing "
                    + "to override (" + sets + ")");
        }
        if (!r.get().blocks()) {
            return Optional.of("policy set " + set + " is advisory: its failure does not block the apply");
        }
        return Optional.empty();
    }

    private static String why(List<PolicyResult> blocking) {
        PolicyResult first = blocking.get(0);
        String said = first.error() != null ? first.error()
                : first.denials().isEmpty() ? "it denied the plan" : first.denials().get(0).text();
        String more = first.denials().size() > 1 ? " (and " + (first.denials().size() - 1) + " more)" : "";
        String others = blocking.size() > 1 ? "; also " + String.join(", ", blocking.subList(1, blocking.size())
                .stream().map(PolicyResult::set).toList()) : "";
        return "mandatory policy set " + first.set() + " " + first.outcome().wire() + ": " + said + more + others;
    }

    private static String overrideCommand(long runId, List<PolicyResult> blocking) {
        StringBuilder b = new StringBuilder("plumbline approve");
        blocking.forEach(r -> b.append(" --override-policy ").append(r.set()));
        return b.append(' ').append(runId).toString();
    }
}
