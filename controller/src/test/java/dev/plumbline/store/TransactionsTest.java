package dev.plumbline.store;

import static dev.plumbline.store.StoreFixture.PROD;
import static dev.plumbline.store.StoreFixture.STAGING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumbline.domain.Classification;
import dev.plumbline.domain.DriftAction;
import dev.plumbline.domain.DriftFinding;
import dev.plumbline.domain.ResourceCounts;
import dev.plumbline.domain.RunStatus;
import dev.plumbline.domain.Tool;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransactionsTest extends OnEachStore {
    private static final RunOutcome DRIFTED = RunOutcome.succeeded(2, Classification.DRIFTED,
            new ResourceCounts(0, 1, 0, 0));
    private static final List<DriftFinding> FINDINGS =
            List.of(new DriftFinding("aws_s3_bucket.logs", DriftAction.UPDATE, "versioning.enabled", "true", "false"));

    @Test
    void finish_plan_and_findings_are_committed_together() {
        try (Database db = store().open()) {
            long runId = StoreFixture.running(db, PROD);

            long returned = db.inTransaction(tx -> {
                tx.runs().finish(runId, DRIFTED);
                tx.plans().save(runId, new byte[] {9, 9}, "{}", "~ aws_s3_bucket.logs");
                tx.drift().record(runId, PROD, FINDINGS);
                return runId;
            });

            assertThat(returned).isEqualTo(runId);
            assertThat(db.runs().find(runId).orElseThrow().status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(db.plans().find(runId)).isPresent();
            assertThat(db.drift().forRun(runId)).isEqualTo(FINDINGS);
        }
    }

    @Test
    void a_plan_save_that_throws_leaves_the_run_running_and_nothing_written() {
        try (Database db = store().open()) {
            long runId = StoreFixture.running(db, PROD);

            assertThatThrownBy(() -> db.inTransaction(tx -> {
                tx.runs().finish(runId, DRIFTED);
                tx.drift().record(runId, PROD, FINDINGS);
                tx.plans().save(runId, null, "{}", "");
                return null;
            })).isInstanceOf(NullPointerException.class);

            assertNothingWritten(db, runId);
        }
    }

    @Test
    void a_database_error_midway_rolls_back_what_came_before() {
        try (Database db = store().open()) {
            long runId = StoreFixture.running(db, PROD);
            db.workspaces().ensure(STAGING, "envs/staging", Tool.TOFU);

            assertThatThrownBy(() -> db.inTransaction(tx -> {
                tx.runs().finish(runId, DRIFTED);
                tx.plans().save(runId, new byte[] {9, 9}, "{}", "");
                tx.drift().record(runId, STAGING, FINDINGS);
                return null;
            })).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no run " + runId + " in workspace infra/staging");

            assertNothingWritten(db, runId);
        }
    }

    @Test
    void a_failure_in_the_callers_own_code_rolls_back_too() {
        try (Database db = store().open()) {
            long runId = StoreFixture.running(db, PROD);

            assertThatThrownBy(() -> db.inTransaction(tx -> {
                tx.runs().finish(runId, DRIFTED);
                tx.plans().save(runId, new byte[] {9, 9}, "{}", "");
                throw new IllegalStateException("rendering the report failed");
            })).hasMessage("rendering the report failed");

            assertNothingWritten(db, runId);
        }
    }

    private static void assertNothingWritten(Database db, long runId) {
        assertThat(db.runs().find(runId).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
        assertThat(db.runs().find(runId).orElseThrow().times().finishedAt()).isNull();
        assertThat(db.plans().find(runId)).isEmpty();
        assertThat(db.drift().forRun(runId)).isEmpty();
    }
}
