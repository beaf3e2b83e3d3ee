package dev.plumbline.store;

import static dev.plumbline.store.StoreFixture.PROD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumbline.domain.DriftAction;
import dev.plumbline.domain.DriftFinding;
import dev.plumbline.domain.WorkspaceId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ApprovalsAndAuditTest extends OnEachStore {
    @Test
    void an_approval_names_the_plan_it_approved() {
        try (Database db = store().open()) {
            long runId = StoreFixture.running(db, PROD);
            assertThat(db.approvals().find(runId)).isEmpty();

            db.approvals().approve(runId, "ab".repeat(32), "alice", "looks right");

            Approval approval = db.approvals().find(runId).orElseThrow();
            assertThat(approval.runId()).isEqualTo(runId);
            assertThat(approval.planSha256()).isEqualTo("ab".repeat(32));
            assertThat(approval.approvedBy()).isEqualTo("alice");
            assertThat(approval.comment()).isEqualTo("looks right");
            assertThat(approval.approvedAt()).isNotNull();
        }
    }

    @Test
    void a_run_is_approved_once() {
        try (Database db = store().open()) {
            long runId = StoreFixture.running(db, PROD);
            db.approvals().approve(runId, "ab".repeat(32), "alice", null);

            assertThatThrownBy(() -> db.approvals().approve(runId, "ab".repeat(32), "bob", null))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("run " + runId + " is already approved");
            assertThat(db.approvals().find(runId).orElseThrow().approvedBy()).isEqualTo("alice");
        }
    }

    @Test
    void the_audit_log_lists_the_newest_events_first() {
        try (Database db = store().open()) {
            long runId = StoreFixture.running(db, PROD);
            db.audit().record("system", "config-reload", Optional.empty(), Optional.empty(), null);
            db.audit().record("alice", "apply", Optional.of(PROD), Optional.of(runId), "approved plan");

            assertThat(db.audit().recent(10)).satisfiesExactly(
                    newest -> {
                        assertThat(newest.actor()).isEqualTo("alice");
                        assertThat(newest.action()).isEqualTo("apply");
                        assertThat(newest.workspace()).isEqualTo(PROD);
                        assertThat(newest.runId()).isEqualTo(runId);
                        assertThat(newest.detail()).isEqualTo("approved plan");
                        assertThat(newest.at()).isNotNull();
                    },
                    oldest -> {
                        assertThat(oldest.action()).isEqualTo("config-reload");
                        assertThat(oldest.workspace()).isNull();
                        assertThat(oldest.runId()).isNull();
                    });
            assertThat(db.audit().recent(1)).hasSize(1);
        }
    }

    @Test
    void an_audit_event_for_an_unknown_workspace_is_refused_naming_it() {
        try (Database db = store().open()) {
            assertThatThrownBy(() -> db.audit().record("alice", "apply", Optional.of(new WorkspaceId("infra", "qa")),
                    Optional.empty(), null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("workspace infra/qa is not registered");
        }
    }

    @Test
    void drift_findings_keep_their_order_and_nulls() {
        try (Database db = store().open()) {
            long runId = StoreFixture.running(db, PROD);
            List<DriftFinding> findings = List.of(
                    new DriftFinding("aws_s3_bucket.logs", DriftAction.UPDATE, "tags.owner", "\"ops\"", "\"dev\""),
                    new DriftFinding("aws_iam_user.ci", DriftAction.DELETE, null, null, null));

            db.drift().record(runId, PROD, findings);

            assertThat(db.drift().forRun(runId)).isEqualTo(findings);
        }
    }
}
