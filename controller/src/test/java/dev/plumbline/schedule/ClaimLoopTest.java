package dev.plumbline.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.plumbline.config.RetryPolicy;
import dev.plumbline.domain.RunKind;
import dev.plumbline.domain.Tool;
import dev.plumbline.domain.Trigger;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.reconcile.Attempt;
import dev.plumbline.runner.Cancellation;
import dev.plumbline.store.Database;
import dev.plumbline.store.NewRun;
import dev.plumbline.store.Work;
import dev.plumbline.store.WorkItem;
import dev.plumbline.store.WorkKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's claim loop on a real H2 store, with stand-in work in place of tofu runs: the cap, the order, one
 * run per workspace, retries, and what a stop leaves in the queue.
 */
class ClaimLoopTest {
    private static final WorkspaceId PROD = new WorkspaceId("infra", "prod");
    private static final WorkspaceId STAGING = new WorkspaceId("infra", "staging");
    private static final WorkspaceId QA = new WorkspaceId("infra", "qa");
    private static final WorkspaceId DEV = new WorkspaceId("infra", "dev");
    private static final String OWNER = "test-host:1:1";
    private static final RetryPolicy QUICK_RETRIES = new RetryPolicy(2, Duration.ofMillis(300), Duration.ofSeconds(1));

    @TempDir
    Path tmp;

    private final List<String> started = new CopyOnWriteArrayList<>();
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger mostActive = new AtomicInteger();
    private final CountDownLatch gate = new CountDownLatch(1);
    private final WorkSignal signal = new WorkSignal();
    private Database db;
    private TriggeredRuns runs;
    private ClaimLoop loop;

    @BeforeEach
    void openStore() {
        db = Database.open(tmp.resolve("data").resolve("plumbline"), tmp.resolve("data").resolve("plan.key"));
        runs = new TriggeredRuns(db, QUICK_RETRIES, signal);
    }

    @AfterEach
    void stop() {
        gate.countDown();
        if (loop != null) {
            loop.stop(Duration.ofSeconds(10));
        }
        db.close();
    }

    private static String name(Work w) {
        return w.kind().wire() + " " + w.workspace().name();
    }

    /** Work that records its start and then waits for the test to open the gate, or for the stop. */
    private WorkDispatch.Ran held(Work work, Cancellation cancel) {
        mostActive.accumulateAndGet(active.incrementAndGet(), Math::max);
        started.add(name(work));
        try {
            while (!gate.await(20, TimeUnit.MILLISECONDS) && !cancel.isCancelled()) {
                Thread.onSpinWait();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            active.decrementAndGet();
        }
        return WorkDispatch.Ran.NOTHING;
    }

    private void start(int cap, ClaimLoop.Runner runner) {
        loop = new ClaimLoop(db, runner, runs, OWNER, cap, signal);
        loop.start();
    }

    private boolean drained() {
        return db.queuedWork().snapshot().waiting().isEmpty() && db.queuedWork().snapshot().running().isEmpty();
    }

    @Test
    void different_workspaces_run_in_parallel_up_to_the_cap_and_one_workspace_takes_turns() {
        runs.submit(PROD, RunKind.PLAN, Trigger.MANUAL, Attempt.FIRST);
        runs.submit(PROD, RunKind.DRIFT_CHECK, Trigger.SCHEDULE, Attempt.FIRST);
        runs.submit(STAGING, RunKind.PLAN, Trigger.MANUAL, Attempt.FIRST);
        runs.submit(QA, RunKind.PLAN, Trigger.MANUAL, Attempt.FIRST);
        start(2, this::held);

        await().atMost(10, TimeUnit.SECONDS).until(() -> active.get() == 2);
        assertThat(started).containsExactlyInAnyOrder("plan prod", "plan staging");
        assertThat(db.queuedWork().snapshot().running()).extracting(i -> i.work().workspace())
                .containsExactlyInAnyOrder(PROD, STAGING);

        gate.countDown();
        await().atMost(10, TimeUnit.SECONDS).until(this::drained);
        assertThat(started).containsExactlyInAnyOrder("plan prod", "plan staging", "plan qa", "drift_check prod");
        assertThat(started.indexOf("drift_check prod")).isGreaterThan(started.indexOf("plan prod"));
        assertThat(mostActive).hasValue(2);
    }

    @Test
    void when_the_cap_is_reached_applies_start_before_plans_before_drift_checks() {
        start(1, this::held);
        runs.submit(DEV, RunKind.DRIFT_CHECK, Trigger.SCHEDULE, Attempt.FIRST);
        await().atMost(10, TimeUnit.SECONDS).until(() -> started.contains("drift_check dev"));

        runs.submit(PROD, RunKind.DRIFT_CHECK, Trigger.SCHEDULE, Attempt.FIRST);
        runs.submit(STAGING, RunKind.PLAN, Trigger.PUSH, Attempt.FIRST);
        db.queuedWork().enqueue(Work.apply(QA, 4, "a".repeat(40), db.pullRequestPlans().start("infra", 4, "qa",
                "a".repeat(40)), "maria"));
        gate.countDown();

        await().atMost(10, TimeUnit.SECONDS).until(this::drained);
        assertThat(started).containsExactly("drift_check dev", "pull_request_apply qa", "plan staging",
                "drift_check prod");
    }

    @Test
    void a_failed_run_is_queued_again_after_its_backoff_naming_the_run_it_retries_until_attempts_are_used_up() {
        db.workspaces().ensure(PROD, "envs/prod", Tool.TOFU);
        List<Long> failedRuns = new CopyOnWriteArrayList<>();
        List<WorkItem> seen = new CopyOnWriteArrayList<>();
        start(1, (work, cancel) -> {
            long run = db.runs().start(new NewRun(work.workspace(), RunKind.PLAN, work.trigger(), null, Tool.TOFU,
                    null, work.attempt(), work.retryOf()));
            failedRuns.add(run);
            seen.add(db.queuedWork().snapshot().running().get(0));
            return new WorkDispatch.Ran(run, run);
        });
        runs.submit(PROD, RunKind.PLAN, Trigger.MANUAL, Attempt.FIRST);

        await().atMost(10, TimeUnit.SECONDS).until(() -> failedRuns.size() == 2 && drained());
        assertThat(seen).extracting(i -> i.work().attempt()).containsExactly(1, 2);
        assertThat(seen.get(1).work().trigger()).isEqualTo(Trigger.RETRY);
        assertThat(seen.get(1).work().retryOf()).isEqualTo(failedRuns.get(0));
        assertThat(Duration.between(seen.get(0).claimedAt(), seen.get(1).claimedAt()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(db.queuedWork().find(seen.get(1).id()).orElseThrow().runId()).isEqualTo(failedRuns.get(1));
    }

    @Test
    void work_that_throws_before_its_run_frees_the_workspace_and_is_retried() {
        start(1, (work, cancel) -> {
            started.add(name(work) + " " + work.attempt());
            if (work.workspace().equals(PROD) && work.attempt() == 1) {
                throw new IllegalStateException("the repo could not be fetched");
            }
            return WorkDispatch.Ran.NOTHING;
        });
        runs.submit(PROD, RunKind.DRIFT_CHECK, Trigger.SCHEDULE, Attempt.FIRST);
        runs.submit(STAGING, RunKind.PLAN, Trigger.PUSH, Attempt.FIRST);

        await().atMost(10, TimeUnit.SECONDS).until(() -> started.size() == 3 && drained());
        assertThat(started).containsExactlyInAnyOrder("plan staging 1", "drift_check prod 1", "drift_check prod 2");
        assertThat(started.indexOf("drift_check prod 2")).isGreaterThan(started.indexOf("drift_check prod 1"));
    }

    @Test
    void stopping_interrupts_running_work_and_hands_it_back_while_queued_work_stays_queued() {
        start(1, this::held);
        runs.submit(PROD, RunKind.PLAN, Trigger.PUSH, Attempt.FIRST);
        await().atMost(10, TimeUnit.SECONDS).until(() -> started.contains("plan prod"));
        runs.submit(STAGING, RunKind.DRIFT_CHECK, Trigger.SCHEDULE, Attempt.FIRST);

        int waiting = loop.stop(Duration.ofSeconds(10));
        loop = null;

        assertThat(waiting).isEqualTo(2);
        assertThat(started).containsExactly("plan prod");
        assertThat(db.queuedWork().snapshot().running()).isEmpty();
        assertThat(db.queuedWork().snapshot().waiting()).extracting(i -> i.work().kind(), i -> i.work().workspace())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(WorkKind.PLAN, PROD),
                        org.assertj.core.groups.Tuple.tuple(WorkKind.DRIFT_CHECK, STAGING));
    }

    @Test
    void an_apply_cannot_be_queued_on_its_own() {
        assertThatThrownBy(() -> runs.submit(PROD, RunKind.APPLY, Trigger.MANUAL, Attempt.FIRST))
                .hasMessage("queuing an apply of infra/prod: an apply is queued only as the plan it follows, or from"
                        + " a reviewed pull request plan");
        assertThat(db.queuedWork().snapshot().waiting()).isEmpty();
    }

    @Test
    void a_cap_below_one_is_refused() {
        assertThatThrownBy(() -> new ClaimLoop(db, (w, c) -> WorkDispatch.Ran.NOTHING, runs, OWNER, 0, signal))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("creating the claim loop: max_concurrent_runs must be at least 1, was 0");
    }
}
