package dev.plumbline.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.domain.Enforcement;
import dev.plumbline.domain.PolicyResult;
import dev.plumbline.domain.PolicyResult.Kind;
import dev.plumbline.domain.PolicyResult.Message;
import dev.plumbline.domain.PolicyResult.Outcome;
import dev.plumbline.policy.Decision.Verdict;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyGateTest {
    private static final Decision APPLY = new Decision(Verdict.APPLY, "apply: auto");
    private static final Decision WAIT = new Decision(Verdict.AWAIT_APPROVAL, "apply: approval");

    @Test
    void a_mandatory_denial_holds_an_auto_apply_for_an_override_naming_the_set() {
        Decision d = PolicyGate.afterPlan(APPLY, 12, List.of(denied("protected", Enforcement.MANDATORY)), Set.of());
        assertThat(d.verdict()).isEqualTo(Verdict.AWAIT_APPROVAL);
        assertThat(d.reason()).isEqualTo("mandatory policy set protected denied: a.b is protected; it waits for an "
                + "operator's override: plumbline approve --override-policy protected 12");
        assertThat(PolicyGate.afterPlan(WAIT, 12, List.of(denied("protected", Enforcement.MANDATORY)), Set.of())
                .reason()).startsWith("mandatory policy set protected denied");
    }

    @Test
    void an_approved_apply_is_refused_until_every_blocking_set_is_overridden() {
        List<PolicyResult> results = List.of(denied("protected", Enforcement.MANDATORY),
                errored("broken"), denied("team", Enforcement.ADVISORY));
        Decision approved = new Decision(Verdict.APPLY, "approved");
        Decision refused = PolicyGate.onRequest(approved, 7, results, Set.of());
        assertThat(refused.verdict()).isEqualTo(Verdict.REFUSE);
        assertThat(refused.reason()).contains("also broken").endsWith(
                "plumbline approve --override-policy protected --override-policy broken 7");
        assertThat(PolicyGate.onRequest(approved, 7, results, Set.of("protected")).reason())
                .startsWith("mandatory policy set broken errored: evaluating policy set broken: p.rego:1: bad");
        assertThat(PolicyGate.onRequest(approved, 7, results, Set.of("protected", "broken"))).isEqualTo(approved);
    }

    @Test
    void advisory_failures_warnings_and_passes_never_block() {
        List<PolicyResult> results = List.of(denied("team", Enforcement.ADVISORY),
                new PolicyResult("tidy", Enforcement.MANDATORY, Outcome.WARNED,
                        List.of(new Message(Kind.WARN, "main.warn", "w")), null, Duration.ZERO));
        assertThat(PolicyGate.afterPlan(APPLY, 1, results, Set.of())).isEqualTo(APPLY);
        assertThat(PolicyGate.blocking(results, Set.of())).isEmpty();
    }

    @Test
    void a_decision_that_does_not_apply_is_left_as_it_is() {
        Decision report = new Decision(Verdict.REPORT_ONLY, "on_drift: report");
        assertThat(PolicyGate.afterPlan(report, 1, List.of(errored("x")), Set.of())).isEqualTo(report);
        Decision refuse = new Decision(Verdict.REFUSE, "stale");
        assertThat(PolicyGate.onRequest(refuse, 1, List.of(errored("x")), Set.of())).isEqualTo(refuse);
    }

    @Test
    void an_override_must_name_a_mandatory_set_that_failed_on_the_plan() {
        List<PolicyResult> results = List.of(denied("protected", Enforcement.MANDATORY),
                denied("team", Enforcement.ADVISORY), new PolicyResult("tidy", Enforcement.MANDATORY,
                        Outcome.PASSED, List.of(), null, Duration.ZERO));
        assertThat(PolicyGate.overrideRefusal("protected", results)).isEmpty();
        assertThat(PolicyGate.overrideRefusal("nope", results)).contains(
                "policy set nope did not check this plan (the failing mandatory sets are protected)");
        assertThat(PolicyGate.overrideRefusal("tidy", results)).contains(
                "policy set tidy passed this plan; there is nothing to override (the failing mandatory sets are "
                        + "protected)");
        assertThat(PolicyGate.overrideRefusal("team", results)).contains(
                "policy set team is advisory: its failure does not block the apply");
    }

    private static PolicyResult denied(String set, Enforcement e) {
        return new PolicyResult(set, e, Outcome.DENIED, List.of(new Message(Kind.DENY, "main.deny",
                "a.b is protected")), null, Duration.ZERO);
    }

    private static PolicyResult errored(String set) {
        return new PolicyResult(set, Enforcement.MANDATORY, Outcome.ERRORED, List.of(),
                "evaluating policy set " + set + ": p.rego:1: bad", Duration.ZERO);
    }
}
