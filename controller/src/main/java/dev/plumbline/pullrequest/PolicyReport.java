package dev.plumbline.pullrequest;

import dev.plumbline.domain.PolicyResult;
import dev.plumbline.domain.PolicyResult.Message;
import dev.plumbline.vcs.CommitState;
import java.util.List;
import java.util.Map;

/**
 * How the policy sets' verdicts on a pull request's plans are shown: a section of the report, and one commit status
 * per workspace ({@code plumbline/policy: <repo>/<workspace>}). The messages are masked when they are stored; the
 * report's redactor runs over all of it once more before it is sent.
 */
final class PolicyReport {
    /** Messages shown per set in the report; the run's page has them all. */
    private static final int SHOWN = 10;

    private PolicyReport() { }

    /** The status: failure when a mandatory set denied or could not be evaluated, else success. */
    static CommitState state(List<PolicyResult> results) {
        return results.stream().anyMatch(PolicyResult::blocks) ? CommitState.FAILURE : CommitState.SUCCESS;
    }

    static String description(List<PolicyResult> results) {
        List<PolicyResult> blocking = results.stream().filter(PolicyResult::blocks).toList();
        if (!blocking.isEmpty()) {
            PolicyResult first = blocking.get(0);
            String said = first.error() != null ? "could not be evaluated"
                    : first.denials().isEmpty() ? "denied" : "denied: " + first.denials().get(0).text();
            return first.set() + " " + said;
        }
        long advisory = results.stream().filter(PolicyResult::failed).count();
        long warnings = results.stream().mapToLong(r -> r.warnings().size()).sum();
        return results.size() + " policy set" + (results.size() == 1 ? "" : "s") + " passed"
                + (advisory > 0 ? "; " + advisory + " advisory failed" : "")
                + (warnings > 0 ? "; " + warnings + " warning" + (warnings == 1 ? "" : "s") : "");
    }

    /** The report's section, one block per workspace that any set checked; empty when none did. */
    static String section(Map<String, List<PolicyResult>> byWorkspace) {
        StringBuilder b = new StringBuilder();
        byWorkspace.forEach((ws, results) -> {
            if (results.isEmpty()) {
                return;
            }
            b.append("**`").append(ws).append("`**\n\n");
            for (PolicyResult r : results) {
                b.append("- ").append(mark(r)).append(" `").append(r.set()).append("` (").append(r.enforcement().wire())
                        .append("): ").append(r.outcome().wire());
                if (r.error() != null) {
                    b.append(": ").append(inline(r.error()));
                }
                b.append('\n');
                List<Message> shown = r.messages().size() <= SHOWN ? r.messages() : r.messages().subList(0, SHOWN);
                shown.forEach(m -> b.append("  - ").append(m.kind().wire()).append(": ").append(inline(m.text()))
                        .append('\n'));
                if (shown.size() < r.messages().size()) {
                    b.append("  - ").append(r.messages().size() - shown.size()).append(" more on the run's page\n");
                }
            }
            b.append('\n');
        });
        return b.isEmpty() ? "" : "#### Policies\n\n" + b;
    }

    private static String mark(PolicyResult r) {
        return r.blocks() ? ":no_entry:" : r.failed() ? ":warning:" : r.warnings().isEmpty() ? ":white_check_mark:"
                : ":warning:";
    }

    /** One line of markdown: no line breaks, no backticks to break out of, no markup from a rule's message. */
    private static String inline(String text) {
        String one = text.replace('\n', ' ').replace('\r', ' ');
        return "`" + one.replace("`", "'") + "`";
    }
}
