package dev.plumbline.store;

import static dev.plumbline.store.StoreFixture.PROD;
import static dev.plumbline.store.StoreFixture.STAGING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumbline.domain.Classification;
import dev.plumbline.domain.ResourceCounts;
import dev.plumbline.domain.Run;
import dev.plumbline.domain.RunKind;
import dev.plumbline.domain.RunStatus;
import dev.plumbline.domain.Tool;
import dev.plumbline.domain.Trigger;
import dev.plumbline.domain.WorkspaceId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs and the processes that own them: who may mark them interrupted, cancel requests, and what wins. */
class OwnedRunsTest extends OnEachStore {
    private static final String ME = "vm-a:100:1700000000000";
    private static final String OTHER = "vm-b:200:1700000000000";

    private static long running(Database db, WorkspaceId ws, RunKind kind, String owner) {
        db.workspaces().ensure(ws, "envs/" + ws.name(), Tool.TOFU);
        return db.runs().start(NewRun.first(ws, kind, Trigger.PUSH, "0a1b2c3d", Tool.TOFU, "1.10.2").ownedBy(owner));
    }

    @Test
    void marking_an_owner_interrupted_touches_only_its_running_runs() {
        try (Database db = store().open()) {
            long mine = running(db, PROD, RunKind.PLAN, ME);
            long mineDone = running(db, PROD, RunKind.PLAN, ME);
            db.runs().finish(mineDone, RunOutcome.succeeded(0, Classification.IN_SYNC, ResourceCounts.NONE));
            long theirs = running(db, STAGING, RunKind.DRIFT_CHECK, OTHER);

            List<Run> interrupted = db.runs().markInterrupted(ME, "presumed lost: its process is gone");

            assertThat(interrupted).extracting(Run::id).containsExactly(mine);
            assertThat(interrupted.get(0).status()).isEqualTo(RunStatus.INTERRUPTED);
            assertThat(interrupted.get(0).errorMessage()).isEqualTo("presumed lost: its process is gone");
            assertThat(db.runs().find(mineDone).orElseThrow().status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(db.runs().find(theirs).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
            assertThat(db.runs().markInterrupted(ME, "again")).isEmpty();
        }
    }

    @Test
    void a_daemon_start_interrupts_runs_without_an_owner_but_never_an_owned_one() {
        try (Database db = store().open()) {
            long legacy = StoreFixture.running(db, PROD);
            long owned = running(db, STAGING, RunKind.PLAN, OTHER);

            assertThat(db.runs().markInterrupted("the daemon stopped before this run finished")).isEqualTo(1);

            assertThat(db.runs().find(legacy).orElseThrow().status()).isEqualTo(RunStatus.INTERRUPTED);
            assertThat(db.runs().find(owned).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
        }
    }

    @Test
    void a_run_records_its_owner_and_an_apply_its_plan_run() {
        try (Database db = store().open()) {
            long plan = running(db, PROD, RunKind.PLAN, ME);
            long apply = running(db, PROD, RunKind.APPLY, OTHER);
            db.runs().linkPlan(apply, plan);

            assertThat(db.runs().links(plan)).contains(new RunLinks(ME, null));
            assertThat(db.runs().links(apply)).contains(new RunLinks(OTHER, plan));
            assertThat(db.runs().links(StoreFixture.running(db, PROD))).contains(new RunLinks(null, null));
            assertThat(db.runs().links(404)).isEmpty();
        }
    }

    @Test
    void the_real_outcome_wins_over_an_interruption_presumed_by_another_process() {
        try (Database db = store().open()) {
            long apply = running(db, PROD, RunKind.APPLY, ME);
            db.runs().markInterrupted(ME, "presumed lost: no heartbeat for 75 s");

            db.inTransaction(tx -> {
                tx.runs().finish(apply, RunOutcome.succeeded(0, null, new ResourceCounts(1, 0, 0, 0)));
                return null;
            });

            Run run = db.runs().find(apply).orElseThrow();
            assertThat(run.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(run.errorMessage()).isNull();
            assertThat(db.audit().recent(10)).anySatisfy(e -> {
                assertThat(e.action()).isEqualTo("run.presumed_lost");
                assertThat(e.runId()).isEqualTo(apply);
                assertThat(e.workspace()).isEqualTo(PROD);
                assertThat(e.detail()).contains("no heartbeat for 75 s").contains("recorded as succeeded");
            });
            assertThatThrownBy(() -> db.runs().finish(apply, RunOutcome.failed(1, "late")))
                    .hasMessageContaining("already finished as succeeded");
        }
    }

    @Test
    void a_run_that_ended_interrupted_by_its_own_process_cannot_end_again() {
        try (Database db = store().open()) {
            long runId = running(db, PROD, RunKind.PLAN, ME);
            db.runs().finish(runId, new RunOutcome(RunStatus.INTERRUPTED, 130, null, null, "the daemon is stopping"));

            assertThatThrownBy(() -> db.runs().finish(runId, RunOutcome.failed(1, "late report")))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("run " + runId + " already finished as interrupted");
        }
    }

    @Test
    void cancelling_a_queued_run_cancels_it_at_once() {
        try (Database db = store().open()) {
            db.workspaces().ensure(PROD, "envs/prod", Tool.TOFU);
            long queued = db.runs().enqueue(NewRun.first(PROD, RunKind.DRIFT_CHECK, Trigger.SCHEDULE, null, Tool.TOFU,
                    null));

            CancelRequests.Result result = db.cancels().request(queued, "alice");

            assertThat(result.effect()).isEqualTo(CancelRequests.Effect.REMOVED_FROM_QUEUE);
            Run run = db.runs().find(queued).orElseThrow();
            assertThat(run.status()).isEqualTo(RunStatus.CANCELLED);
            assertThat(run.errorMessage()).isEqualTo("cancelled by alice before it started");
            assertThat(db.audit().recent(5)).anySatisfy(e -> {
                assertThat(e.action()).isEqualTo("run.cancel_requested");
                assertThat(e.actor()).isEqualTo("alice");
                assertThat(e.runId()).isEqualTo(queued);
            });
        }
    }

    @Test
    void cancelling_a_running_run_asks_its_owner_which_finds_the_request() {
        try (Database db = store().open()) {
            long mine = running(db, PROD, RunKind.APPLY, ME);
            long theirs = running(db, STAGING, RunKind.PLAN, OTHER);

            CancelRequests.Result result = db.cancels().request(mine, "bob");

            assertThat(result).isEqualTo(new CancelRequests.Result(CancelRequests.Effect.REQUESTED, ME));
            assertThat(db.runs().find(mine).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
            assertThat(db.cancels().pendingFor(ME)).containsExactly(new CancelRequests.Pending(mine, "bob"));
            assertThat(db.cancels().pendingFor(OTHER)).isEmpty();
            assertThat(db.cancels().request(mine, "carol").effect()).isEqualTo(CancelRequests.Effect.ALREADY_REQUESTED);

            db.runs().finish(mine, RunOutcome.cancelled("cancel requested by bob"));
            assertThat(db.cancels().pendingFor(ME)).isEmpty();
            assertThat(db.runs().find(theirs).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
        }
    }

    @Test
    void cancelling_a_finished_or_unknown_run_is_refused_naming_it() {
        try (Database db = store().open()) {
            long done = running(db, PROD, RunKind.PLAN, ME);
            db.runs().finish(done, RunOutcome.succeeded(0, Classification.IN_SYNC, ResourceCounts.NONE));

            assertThatThrownBy(() -> db.cancels().request(done, "alice"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("cancelling run " + done + ": run " + done + " already finished as succeeded");
            assertThatThrownBy(() -> db.cancels().request(404, "alice"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("cancelling run 404: there is no run 404");
            assertThat(db.audit().recent(5)).noneMatch(e -> e.action().equals("run.cancel_requested"));
        }
    }
}
