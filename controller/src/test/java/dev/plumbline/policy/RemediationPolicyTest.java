package dev.plumbline.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.config.AttributePath;
import dev.plumbline.config.ChangeWindow;
import dev.plumbline.config.RemediationGuards;
import dev.plumbline.policy.Decision.Verdict;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RemediationPolicyTest {
    private static final Decision REMEDIATE = new Decision(Verdict.APPLY, "on_drift: remediate");
    /** A Tuesday, 10:30 in Berlin. */
    private static final Instant TUESDAY_MORNING = Instant.parse("2026-12-01T09:30:00Z");
    private static final Instant SATURDAY = Instant.parse("2026-12-05T09:30:00Z");

    @Test
    void without_guards_a_remediation_applies() {
        assertThat(RemediationPolicy.guard(REMEDIATE, true, RemediationGuards.NONE, facts(Set.of("update"), 1,
                TUESDAY_MORNING))).isEqualTo(REMEDIATE);
    }

    @Test
    void a_remediation_outside_its_window_waits_for_approval_and_says_why() {
        RemediationGuards weekdays = new RemediationGuards(List.of(), Set.of(),
                List.of(ChangeWindow.parse("Mon-Fri 08:00-18:00 Europe/Berlin")), null);

        assertThat(RemediationPolicy.guard(REMEDIATE, true, weekdays, facts(Set.of("update"), 1, TUESDAY_MORNING))
                .applies()).isTrue();
        Decision saturday = RemediationPolicy.guard(REMEDIATE, true, weekdays, facts(Set.of("update"), 1, SATURDAY));
        assertThat(saturday.verdict()).isEqualTo(Verdict.AWAIT_APPROVAL);
        assertThat(saturday.reason()).isEqualTo("remediation held for approval: it is 2026-12-05T09:30:00Z, outside "
                + "drift.remediate.windows (Mon-Fri 08:00-18:00 Europe/Berlin)");
    }

    @Test
    void never_max_changes_and_attributes_each_hold_a_remediation() {
        RemediationGuards noDeletes = new RemediationGuards(List.of(), Set.of("delete", "replace"), List.of(), null);
        assertThat(RemediationPolicy.guard(REMEDIATE, true, noDeletes, facts(Set.of("replace", "delete", "create"),
                1, SATURDAY)).reason()).contains("would delete a resource (drift.remediate.never: delete)");

        RemediationGuards two = new RemediationGuards(List.of(), Set.of(), List.of(), 2);
        assertThat(RemediationPolicy.guard(REMEDIATE, true, two, facts(Set.of("update"), 3, SATURDAY)).reason())
                .contains("changes 3 resources, more than drift.remediate.max_changes (2)");

        RemediationGuards tags = new RemediationGuards(List.of(AttributePath.parse("tags")), Set.of(), List.of(), null);
        assertThat(RemediationPolicy.guard(REMEDIATE, true, tags, new RemediationFacts(List.of("tags.env"),
                Set.of("update"), 1, List.of(), SATURDAY)).applies()).isTrue();
        assertThat(RemediationPolicy.guard(REMEDIATE, true, tags, new RemediationFacts(List.of("tags.env", "size"),
                Set.of("update"), 1, List.of(), SATURDAY)).reason())
                .contains("the drifted attribute size is not in drift.remediate.attributes (tags)");
    }

    @Test
    void a_plan_that_undoes_ignored_drift_waits_for_approval_even_outside_remediation() {
        Decision auto = new Decision(Verdict.APPLY, "apply: auto");
        Decision d = RemediationPolicy.guard(auto, false, RemediationGuards.NONE, new RemediationFacts(List.of(),
                Set.of("update"), 1, List.of("aws_asg.web desired_capacity (.plumbline.yaml: x)"), SATURDAY));

        assertThat(d.verdict()).isEqualTo(Verdict.AWAIT_APPROVAL);
        assertThat(d.reason()).contains("would undo drift that an ignore rule covers (aws_asg.web desired_capacity");
    }

    @Test
    void a_decision_that_does_not_apply_is_left_alone() {
        Decision report = new Decision(Verdict.REPORT_ONLY, "on_drift: report");
        assertThat(RemediationPolicy.guard(report, true, new RemediationGuards(List.of(), Set.of("update"),
                List.of(), 1), facts(Set.of("update"), 5, SATURDAY))).isEqualTo(report);
    }

    private static RemediationFacts facts(Set<String> actions, int changes, Instant at) {
        return new RemediationFacts(List.of("connection_limit"), actions, changes, List.of(), at);
    }
}
