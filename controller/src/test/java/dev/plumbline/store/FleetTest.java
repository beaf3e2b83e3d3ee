package dev.plumbline.store;

import static dev.plumbline.store.StoreFixture.PROD;
import static dev.plumbline.store.StoreFixture.STAGING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumbline.domain.Classification;
import dev.plumbline.domain.DriftAction;
import dev.plumbline.domain.DriftDisposition;
import dev.plumbline.domain.DriftFinding;
import dev.plumbline.domain.ResourceCounts;
import dev.plumbline.domain.RunKind;
import dev.plumbline.domain.Tool;
import dev.plumbline.domain.Trigger;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.fleet.Condition;
import dev.plumbline.fleet.Fleet;
import dev.plumbline.fleet.FleetPage;
import dev.plumbline.fleet.FleetQuery;
import dev.plumbline.fleet.WorkspaceState;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fleet read model against real stores: each field of a workspace's state from the rows that make it. */
class FleetTest extends OnEachStore {
    private static final ResourceCounts ONE = new ResourceCounts(0, 1, 0, 0);

    @Test
    void a_workspace_drifted_twice_in_a_row_is_drifted_since_the_first_of_them() {
        try (Database db = store().open()) {
            check(db, PROD, Classification.DRIFTED, List.of("aws_s3_bucket.old"));
            check(db, PROD, Classification.IN_SYNC, List.of());
            long first = check(db, PROD, Classification.DRIFTED, List.of("aws_s3_bucket.logs"));
            db.runs().start(NewRun.first(PROD, RunKind.DRIFT_CHECK, Trigger.SCHEDULE, "c0ffee", Tool.TOFU, "1.10"));
            long failed = check(db, PROD, null, List.of());
            long last = check(db, PROD, Classification.DRIFTED, List.of("aws_s3_bucket.logs", "aws_iam_role.ci"));

            WorkspaceState state = new Fleet(db).find(PROD).orElseThrow();

            assertThat(failed).isLessThan(last);
            assertThat(state.condition()).isEqualTo(Condition.DRIFTED);
            assertThat(state.lastCheck().runId()).isEqualTo(last);
            assertThat(state.driftedSince()).isEqualTo(db.runs().find(first).orElseThrow().times().finishedAt());
            assertThat(state.lastSuccessAt()).isEqualTo(db.runs().find(last).orElseThrow().times().finishedAt());
            assertThat(state.driftedAddresses()).containsExactly("aws_iam_role.ci", "aws_s3_bucket.logs");

            // summed up again from the history, as migration V14 does, the state is the same
            db.workspaceChecks().rebuild();
            assertThat(new Fleet(db).find(PROD).orElseThrow()).isEqualTo(state);
        }
    }

    @Test
    void noise_and_ignored_findings_of_a_drifted_check_are_not_its_drifted_resources() {
        try (Database db = store().open()) {
            db.workspaces().ensure(PROD, "envs/prod", Tool.TOFU);
            long id = db.runs().start(NewRun.first(PROD, RunKind.DRIFT_CHECK, Trigger.SCHEDULE, "c0ffee", Tool.TOFU,
                    "1"));
            db.runs().finish(id, RunOutcome.succeeded(2, Classification.DRIFTED, ONE));
            db.drift().record(id, PROD, List.of(
                    new DriftFinding("aws_s3_bucket.logs", DriftAction.UPDATE, "tags.owner", "\"a\"", "\"b\""),
                    new DriftFinding("aws_s3_bucket.noisy", DriftAction.UPDATE, "policy", "{}", "{ }",
                            DriftDisposition.NOISE, null),
                    new DriftFinding("aws_iam_role.scanned", DriftAction.UPDATE, "tags.LastScanned", "\"1\"",
                            "\"2\"", DriftDisposition.IGNORED, "scanner")));

            assertThat(new Fleet(db).find(PROD).orElseThrow().driftedAddresses())
                    .containsExactly("aws_s3_bucket.logs");
            assertThat(db.driftChecks().checks(PROD, null, 10)).singleElement()
                    .satisfies(c -> assertThat(c.driftedResources()).isEqualTo(1));
            assertThat(db.driftChecks().ofResource(PROD, "aws_iam_role.scanned", null, 10)).singleElement()
                    .satisfies(f -> {
                        assertThat(f.finding().disposition()).isEqualTo(DriftDisposition.IGNORED);
                        assertThat(f.finding().rule()).isEqualTo("scanner");
                    });
        }
    }

    @Test
    void a_failed_last_check_leaves_the_workspace_errored_and_never_checked_ones_unchecked() {
        try (Database db = store().open()) {
            check(db, PROD, Classification.IN_SYNC, List.of());
            check(db, PROD, null, List.of());
            db.workspaces().ensure(STAGING, "envs/staging", Tool.TOFU);

            Fleet fleet = new Fleet(db);

            WorkspaceState prod = fleet.find(PROD).orElseThrow();
            assertThat(prod.condition()).isEqualTo(Condition.ERRORED);
            assertThat(prod.driftedSince()).isNull();
            assertThat(prod.lastSuccessAt()).isNotNull();
            assertThat(fleet.find(STAGING).orElseThrow().condition()).isEqualTo(Condition.UNCHECKED);
            assertThat(fleet.find(new WorkspaceId("infra", "nowhere"))).isEmpty();
        }
    }

    @Test
    void plans_with_changes_wait_for_approval_until_approved_or_applied() {
        try (Database db = store().open()) {
            long approved = plan(db, PROD);
            long waiting = plan(db, PROD);
            long inSync = db.runs().start(NewRun.first(PROD, RunKind.PLAN, Trigger.MANUAL, "c0ffee", Tool.TOFU, "1"));
            db.runs().finish(inSync, RunOutcome.succeeded(0, Classification.IN_SYNC, ResourceCounts.NONE));
            db.approvals().approve(approved, "ab".repeat(32), "alice", null);

            assertThat(new Fleet(db).find(PROD).orElseThrow().pendingApprovals()).isEqualTo(1);

            long apply = db.runs().start(NewRun.first(PROD, RunKind.APPLY, Trigger.MANUAL, "c0ffee", Tool.TOFU, "1"));
            db.runs().linkPlan(apply, waiting);
            assertThat(new Fleet(db).find(PROD).orElseThrow().pendingApprovals()).isZero();
        }
    }

    @Test
    void the_lock_the_claim_and_the_queue_position_are_the_workspaces() {
        try (Database db = store().open()) {
            db.workspaces().ensure(PROD, "envs/prod", Tool.TOFU);
            db.workspaces().ensure(STAGING, "envs/staging", Tool.TOFU);
            db.queuedWork().enqueue(Work.plan(STAGING, Trigger.MANUAL));
            db.queuedWork().enqueue(Work.driftCheck(PROD, Trigger.SCHEDULE));
            db.workspaceLocks().acquire("infra", "prod", 42, "c0ffee");

            Fleet fleet = new Fleet(db);
            WorkspaceState prod = fleet.find(PROD).orElseThrow();
            assertThat(prod.lockedBy()).isEqualTo(42);
            assertThat(prod.queuePosition()).isEqualTo(2);
            assertThat(fleet.find(STAGING).orElseThrow().queuePosition()).isEqualTo(1);

            db.queuedWork().claim("host:1:1", 1, java.time.Instant.now().plusSeconds(1));
            WorkspaceState claimed = fleet.find(STAGING).orElseThrow();
            assertThat(claimed.runningOn()).isEqualTo("host:1:1");
            assertThat(claimed.queuePosition()).isZero();
            assertThat(fleet.find(PROD).orElseThrow().queuePosition()).isEqualTo(1);
        }
    }

    @Test
    void pages_follow_the_cursor_filter_by_condition_and_search_by_name() {
        try (Database db = store().open()) {
            for (int i = 0; i < 5; i++) {
                WorkspaceId ws = new WorkspaceId("infra", "ws" + i);
                check(db, ws, i % 2 == 0 ? Classification.DRIFTED : Classification.IN_SYNC, List.of("null.x"));
            }
            Fleet fleet = new Fleet(db);

            FleetPage first = fleet.page(new FleetQuery(null, null, null, 2));
            FleetPage second = fleet.page(new FleetQuery(null, null, first.next(), 2));
            FleetPage third = fleet.page(new FleetQuery(null, null, second.next(), 2));
            assertThat(names(first)).containsExactly("ws0", "ws1");
            assertThat(names(second)).containsExactly("ws2", "ws3");
            assertThat(names(third)).containsExactly("ws4");
            assertThat(third.next()).isNull();

            assertThat(names(fleet.page(new FleetQuery(Condition.DRIFTED, null, null, 10))))
                    .containsExactly("ws0", "ws2", "ws4");
            assertThat(names(fleet.page(new FleetQuery(Condition.IN_SYNC, "WS3", null, 10)))).containsExactly("ws3");
            assertThat(names(fleet.page(new FleetQuery(null, "ws_%", null, 10)))).isEmpty();
            assertThat(fleet.all()).hasSize(5);
        }
    }

    @Test
    void a_cursor_that_is_not_one_is_refused_by_name() {
        try (Database db = store().open()) {
            assertThatThrownBy(() -> new Fleet(db).page(new FleetQuery(null, null, "<script>", 10)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("invalid cursor '<script>'");
            assertThatThrownBy(() -> new FleetQuery(null, null, null, 0))
                    .hasMessage("invalid limit 0: expected 1 to 1000");
        }
    }

    private static List<String> names(FleetPage page) {
        return page.workspaces().stream().map(s -> s.id().name()).toList();
    }

    /** A finished drift check: succeeded with {@code classification}, or failed when it is null. */
    private static long check(Database db, WorkspaceId ws, Classification classification, List<String> drifted) {
        db.workspaces().ensure(ws, "envs/" + ws.name(), Tool.TOFU);
        long id = db.runs().start(NewRun.first(ws, RunKind.DRIFT_CHECK, Trigger.SCHEDULE, "c0ffee", Tool.TOFU, "1"));
        if (classification == null) {
            db.runs().finish(id, RunOutcome.failed(1, "the plan failed"));
            return id;
        }
        db.runs().finish(id, RunOutcome.succeeded(drifted.isEmpty() ? 0 : 2, classification,
                drifted.isEmpty() ? ResourceCounts.NONE : ONE));
        db.drift().record(id, ws, drifted.stream()
                .map(a -> new DriftFinding(a, DriftAction.UPDATE, "tags.owner", "\"a\"", "\"b\"")).toList());
        return id;
    }

    private static long plan(Database db, WorkspaceId ws) {
        db.workspaces().ensure(ws, "envs/" + ws.name(), Tool.TOFU);
        long id = db.runs().start(NewRun.first(ws, RunKind.PLAN, Trigger.MANUAL, "c0ffee", Tool.TOFU, "1"));
        db.plans().save(id, new byte[] {1, 2, 3}, "{}", "plan");
        db.runs().finish(id, RunOutcome.succeeded(2, Classification.CHANGES_PENDING, ONE));
        return id;
    }
}
