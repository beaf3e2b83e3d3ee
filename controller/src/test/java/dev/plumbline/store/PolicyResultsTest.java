package dev.plumbline.store;

import static dev.plumbline.store.StoreFixture.PROD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumbline.domain.Enforcement;
import dev.plumbline.domain.PolicyResult;
import dev.plumbline.domain.PolicyResult.Kind;
import dev.plumbline.domain.PolicyResult.Message;
import dev.plumbline.domain.PolicyResult.Outcome;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyResultsTest extends OnEachStore {
    private static final PolicyResult DENIED = new PolicyResult("protected", Enforcement.MANDATORY, Outcome.DENIED,
            List.of(new Message(Kind.DENY, "plumbline.protected.deny", "random_pet.name is protected \"quoted\""),
                    new Message(Kind.WARN, "main.warn", "ünïcode ✓")), null, Duration.ofMillis(42));
    private static final PolicyResult ERRORED = new PolicyResult("repo:infra", Enforcement.ADVISORY,
            Outcome.ERRORED, List.of(), "evaluating policy set repo:infra: p.rego:3: rego_parse_error",
            Duration.ofMillis(7));

    @Test
    void results_are_stored_with_the_run_and_read_back_in_order() {
        try (Database db = store().open()) {
            long runId = StoreFixture.running(db, PROD);
            long other = StoreFixture.running(db, PROD);
            assertThat(db.policyResults().forRun(runId)).isEmpty();

            db.inTransaction(tx -> {
                tx.policyResults().record(runId, List.of(DENIED, ERRORED));
                return null;
            });

            assertThat(db.policyResults().forRun(runId)).containsExactly(DENIED, ERRORED);
            assertThat(db.policyResults().forRun(other)).isEmpty();
        }
    }

    @Test
    void a_set_is_recorded_once_per_run() {
        try (Database db = store().open()) {
            long runId = StoreFixture.running(db, PROD);
            db.policyResults().record(runId, List.of(DENIED));
            assertThatThrownBy(() -> db.policyResults().record(runId, List.of(DENIED)))
                    .isInstanceOf(StoreException.class)
                    .hasMessageStartingWith("recording the policy results of run " + runId);
            assertThat(db.policyResults().forRun(runId)).containsExactly(DENIED);
        }
    }

    @Test
    void an_override_names_the_plan_and_the_operator_and_is_given_once() {
        try (Database db = store().open()) {
            long runId = StoreFixture.running(db, PROD);
            db.policyOverrides().record(runId, "protected", "ab".repeat(32), "alice", "planned removal");

            assertThat(db.policyOverrides().forRun(runId)).singleElement().satisfies(o -> {
                assertThat(o.set()).isEqualTo("protected");
                assertThat(o.planSha256()).isEqualTo("ab".repeat(32));
                assertThat(o.overriddenBy()).isEqualTo("alice");
                assertThat(o.comment()).isEqualTo("planned removal");
                assertThat(o.at()).isNotNull();
            });
            assertThatThrownBy(() -> db.policyOverrides().record(runId, "protected", "ab".repeat(32), "bob", null))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("overriding policy set protected for run " + runId
                            + ": it is already overridden for this run");
        }
    }
}
