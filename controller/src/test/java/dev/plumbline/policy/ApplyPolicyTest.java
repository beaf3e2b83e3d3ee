package dev.plumbline.policy;

import static dev.plumbline.domain.Classification.CHANGES_PENDING;
import static dev.plumbline.domain.Classification.DRIFTED;
import static dev.plumbline.domain.Classification.ERRORED;
import static dev.plumbline.domain.Classification.IN_SYNC;
import static dev.plumbline.domain.Classification.OUTPUT_ONLY;
import static dev.plumbline.domain.RunKind.DRIFT_CHECK;
import static dev.plumbline.domain.RunKind.PLAN;
import static dev.plumbline.policy.Decision.Verdict.APPLY;
import static dev.plumbline.policy.Decision.Verdict.AWAIT_APPROVAL;
import static dev.plumbline.policy.Decision.Verdict.NOTHING_TO_APPLY;
import static dev.plumbline.policy.Decision.Verdict.REFUSE;
import static dev.plumbline.policy.Decision.Verdict.REPORT_ONLY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.domain.Classification;
import dev.plumbline.domain.RunKind;
import org.junit.jupiter.api.Test;

class ApplyPolicyTest {
    private static final ApplyRules AUTO = new ApplyRules(true, false, false);
    private static final ApplyRules APPROVAL = new ApplyRules(false, false, false);
    private static final ApplyRules REMEDIATE_APPROVAL = new ApplyRules(false, true, false);
    private static final ApplyRules REMEDIATE_AUTO = new ApplyRules(true, true, false);

    private static PlanFacts plan(RunKind kind, Classification c, int destroy, boolean unappliedCommit) {
        return new PlanFacts(7, kind, c, destroy, "0123456789abcdef", unappliedCommit);
    }

    @Test
    void apply_auto_applies_a_plan_of_git_changes() {
        assertThat(ApplyPolicy.afterPlan(AUTO, plan(PLAN, CHANGES_PENDING, 0, true)).verdict()).isEqualTo(APPLY);
        assertThat(ApplyPolicy.afterPlan(AUTO, plan(PLAN, OUTPUT_ONLY, 0, true)).verdict()).isEqualTo(APPLY);
    }

    @Test
    void apply_approval_waits_for_a_human() {
        assertThat(ApplyPolicy.afterPlan(APPROVAL, plan(PLAN, CHANGES_PENDING, 0, true)))
                .extracting(Decision::verdict, Decision::reason).containsExactly(AWAIT_APPROVAL, "apply: approval");
    }

    @Test
    void a_plan_that_destroys_needs_approval_unless_allowed() {
        assertThat(ApplyPolicy.afterPlan(AUTO, plan(PLAN, CHANGES_PENDING, 2, true)))
                .extracting(Decision::verdict, Decision::reason)
                .containsExactly(AWAIT_APPROVAL, "the plan destroys 2 resources (allow_destroy is off)");
        assertThat(ApplyPolicy.afterPlan(new ApplyRules(true, false, true), plan(PLAN, CHANGES_PENDING, 2, true))
                .verdict()).isEqualTo(APPLY);
        assertThat(ApplyPolicy.afterPlan(REMEDIATE_AUTO, plan(DRIFT_CHECK, DRIFTED, 1, false)).verdict())
                .isEqualTo(AWAIT_APPROVAL);
    }

    @Test
    void drift_is_only_reported_under_on_drift_report() {
        assertThat(ApplyPolicy.afterPlan(AUTO, plan(DRIFT_CHECK, DRIFTED, 0, false)).verdict()).isEqualTo(REPORT_ONLY);
    }

    @Test
    void remediation_overwrites_manual_changes_even_under_apply_approval() {
        assertThat(ApplyPolicy.afterPlan(REMEDIATE_APPROVAL, plan(DRIFT_CHECK, DRIFTED, 0, false)).verdict())
                .isEqualTo(APPLY);
    }

    @Test
    void remediation_never_smuggles_unapproved_git_changes() {
        Decision d = ApplyPolicy.afterPlan(REMEDIATE_APPROVAL, plan(DRIFT_CHECK, DRIFTED, 0, true));
        assertThat(d.verdict()).isEqualTo(AWAIT_APPROVAL);
        assertThat(d.reason()).contains("0123456789ab", "needs approval");
        assertThat(ApplyPolicy.afterPlan(REMEDIATE_AUTO, plan(DRIFT_CHECK, DRIFTED, 0, true)).verdict()).isEqualTo(APPLY);
    }

    @Test
    void errored_and_empty_plans_are_never_applied() {
        assertThat(ApplyPolicy.afterPlan(AUTO, plan(PLAN, ERRORED, 0, true)).verdict()).isEqualTo(REFUSE);
        assertThat(ApplyPolicy.afterPlan(AUTO, plan(PLAN, IN_SYNC, 0, true)).verdict()).isEqualTo(NOTHING_TO_APPLY);
        assertThat(ApplyPolicy.onRequest(AUTO, plan(PLAN, IN_SYNC, 0, true), true, false).verdict()).isEqualTo(REFUSE);
    }

    @Test
    void a_requested_apply_needs_approval_or_a_policy_that_allows_it() {
        PlanFacts p = plan(PLAN, CHANGES_PENDING, 0, true);
        assertThat(ApplyPolicy.onRequest(APPROVAL, p, false, false))
                .extracting(Decision::verdict, Decision::reason)
                .containsExactly(REFUSE, "run 7 is not approved (apply: approval); approve it first with: plumbline approve 7");
        assertThat(ApplyPolicy.onRequest(APPROVAL, p, true, false).verdict()).isEqualTo(APPLY);
        assertThat(ApplyPolicy.onRequest(AUTO, p, false, false).verdict()).isEqualTo(APPLY);
    }

    @Test
    void a_stale_plan_is_refused_even_when_approved() {
        Decision d = ApplyPolicy.onRequest(APPROVAL, plan(PLAN, CHANGES_PENDING, 0, true), true, true);
        assertThat(d.verdict()).isEqualTo(REFUSE);
        assertThat(d.reason()).contains("stale", "plan again");
    }
}
