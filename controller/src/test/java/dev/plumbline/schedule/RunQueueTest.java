package dev.plumbline.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.plumbline.domain.RunKind;
import dev.plumbline.domain.WorkspaceId;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RunQueueTest {
    private static final WorkspaceId PROD = new WorkspaceId("infra", "prod");
    private static final WorkspaceId STAGING = new WorkspaceId("infra", "staging");
    private static final WorkspaceId QA = new WorkspaceId("infra", "qa");
    private static final WorkspaceId DEV = new WorkspaceId("infra", "dev");

    private final List<String> started = new CopyOnWriteArrayList<>();
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger mostActive = new AtomicInteger();
    private final CountDownLatch gate = new CountDownLatch(1);
    private RunQueue queue;

    @AfterEach
    void stopQueue() {
        gate.countDown();
        if (queue != null) {
            queue.shutdown(Duration.ofSeconds(10));
        }
    }

    @Test
    void runs_of_one_workspace_take_turns_in_submission_order() {
        queue = new RunQueue(4);
        CompletableFuture<Void> first = queue.submit(held(PROD, Priority.PLAN, "first"));
        CompletableFuture<Void> second = queue.submit(held(PROD, Priority.PLAN, "second"));
        CompletableFuture<Void> third = queue.submit(held(PROD, Priority.PLAN, "third"));

        await().atMost(5, TimeUnit.SECONDS).until(() -> started.contains("first"));
        assertThat(queue.snapshot().waiting()).extracting(QueueSnapshot.Entry::description)
                .containsExactly("second", "third");
        assertThat(started).containsExactly("first");

        gate.countDown();
        CompletableFuture.allOf(first, second, third).join();
        assertThat(started).containsExactly("first", "second", "third");
        assertThat(mostActive).hasValue(1);
    }

    @Test
    void different_workspaces_run_in_parallel_up_to_the_cap_and_never_above_it() {
        queue = new RunQueue(2);
        List<CompletableFuture<Void>> handles = List.of(
                queue.submit(held(PROD, Priority.PLAN, "prod")),
                queue.submit(held(STAGING, Priority.PLAN, "staging")),
                queue.submit(held(QA, Priority.PLAN, "qa")),
                queue.submit(held(DEV, Priority.PLAN, "dev")));

        await().atMost(5, TimeUnit.SECONDS).until(() -> active.get() == 2);
        QueueSnapshot snapshot = queue.snapshot();
        assertThat(snapshot.running()).extracting(QueueSnapshot.Entry::workspace).containsExactly(PROD, STAGING);
        assertThat(snapshot.waiting()).extracting(QueueSnapshot.Entry::workspace).containsExactly(QA, DEV);

        gate.countDown();
        CompletableFuture.allOf(handles.toArray(CompletableFuture[]::new)).join();
        assertThat(started).containsExactlyInAnyOrder("prod", "staging", "qa", "dev");
        assertThat(mostActive).hasValue(2);
    }

    @Test
    void when_the_cap_is_reached_applies_start_before_plans_before_drift_checks() {
        queue = new RunQueue(1);
        CompletableFuture<Void> blocker = queue.submit(held(DEV, Priority.DRIFT_CHECK, "blocker"));
        await().atMost(5, TimeUnit.SECONDS).until(() -> started.contains("blocker"));

        List<CompletableFuture<Void>> handles = List.of(
                queue.submit(held(PROD, Priority.DRIFT_CHECK, "drift prod")),
                queue.submit(held(STAGING, Priority.PLAN, "plan staging")),
                queue.submit(held(QA, Priority.APPLY, "apply qa")),
                queue.submit(held(PROD, Priority.PLAN, "plan prod")),
                queue.submit(held(STAGING, Priority.APPLY, "apply staging")));
        gate.countDown();
        blocker.join();
        CompletableFuture.allOf(handles.toArray(CompletableFuture[]::new)).join();

        assertThat(started).containsExactly("blocker", "apply qa", "apply staging", "plan staging", "plan prod",
                "drift prod");
    }

    @Test
    void a_drift_check_already_waiting_for_a_workspace_absorbs_another() {
        queue = new RunQueue(1);
        CompletableFuture<Void> running = queue.submit(held(PROD, Priority.DRIFT_CHECK, "running check"));
        await().atMost(5, TimeUnit.SECONDS).until(() -> started.contains("running check"));

        CompletableFuture<Void> waiting = queue.submit(held(PROD, Priority.DRIFT_CHECK, "scheduled check"));
        CompletableFuture<Void> duplicate = queue.submit(held(PROD, Priority.DRIFT_CHECK, "late check"));
        CompletableFuture<Void> otherWorkspace = queue.submit(held(STAGING, Priority.DRIFT_CHECK, "staging check"));
        CompletableFuture<Void> plan = queue.submit(held(PROD, Priority.PLAN, "plan"));

        assertThat(waiting).isNotSameAs(running);
        assertThat(duplicate).isSameAs(waiting);
        assertThat(otherWorkspace).isNotSameAs(waiting);
        assertThat(queue.snapshot().waiting()).extracting(QueueSnapshot.Entry::description)
                .containsExactly("plan", "scheduled check", "staging check");

        gate.countDown();
        CompletableFuture.allOf(running, waiting, otherWorkspace, plan).join();
        assertThat(started).containsExactly("running check", "plan", "scheduled check", "staging check");
    }

    @Test
    void failing_work_fails_its_handle_and_leaves_the_workspace_free() {
        queue = new RunQueue(1);
        CompletableFuture<Void> failing = queue.submit(new QueuedRun(PROD, Priority.PLAN, "broken", () -> {
            throw new IllegalStateException("tofu exploded");
        }));
        CompletableFuture<Void> next = queue.submit(counted(PROD, Priority.PLAN, "next", () -> { }));

        assertThatThrownBy(failing::join)
                .isInstanceOf(CompletionException.class)
                .hasRootCauseMessage("tofu exploded");
        next.join();
        assertThat(started).containsExactly("next");
        assertThat(queue.snapshot().running()).isEmpty();
    }

    @Test
    void a_withdrawn_run_never_starts() {
        queue = new RunQueue(1);
        CompletableFuture<Void> blocker = queue.submit(held(PROD, Priority.PLAN, "blocker"));
        CompletableFuture<Void> withdrawn = queue.submit(held(PROD, Priority.PLAN, "withdrawn"));
        CompletableFuture<Void> kept = queue.submit(held(PROD, Priority.PLAN, "kept"));

        withdrawn.cancel(false);
        assertThat(queue.snapshot().waiting()).extracting(QueueSnapshot.Entry::description).containsExactly("kept");
        gate.countDown();
        CompletableFuture.allOf(blocker, kept).join();

        assertThat(started).containsExactly("blocker", "kept");
    }

    @Test
    void shutdown_lets_running_work_finish_and_returns_the_runs_that_never_started() {
        queue = new RunQueue(1);
        CompletableFuture<Void> running = queue.submit(held(PROD, Priority.APPLY, "apply"));
        await().atMost(5, TimeUnit.SECONDS).until(() -> started.contains("apply"));
        QueuedRun neverStarted = held(STAGING, Priority.PLAN, "plan");
        CompletableFuture<Void> waiting = queue.submit(neverStarted);

        CompletableFuture<List<QueuedRun>> shutdown =
                CompletableFuture.supplyAsync(() -> queue.shutdown(Duration.ofSeconds(30)));
        await().atMost(5, TimeUnit.SECONDS).until(waiting::isCancelled);
        assertThatThrownBy(() -> queue.submit(held(QA, Priority.PLAN, "too late")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("queuing plan of infra/qa (too late): the run queue is shutting down");
        assertThat(shutdown).isNotDone();

        gate.countDown();
        assertThat(shutdown.join()).containsExactly(neverStarted);
        assertThat(running).isCompleted();
        assertThat(started).containsExactly("apply");
    }

    @Test
    void shutdown_gives_up_waiting_after_the_grace_period() {
        queue = new RunQueue(1);
        queue.submit(held(PROD, Priority.APPLY, "stuck apply"));
        await().atMost(5, TimeUnit.SECONDS).until(() -> started.contains("stuck apply"));

        assertThat(queue.shutdown(Duration.ofMillis(100))).isEmpty();

        assertThat(queue.snapshot().running()).extracting(QueueSnapshot.Entry::description)
                .containsExactly("stuck apply");
        assertThatThrownBy(() -> queue.submit(held(PROD, Priority.PLAN, "plan")))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void a_cap_below_one_is_refused() {
        assertThatThrownBy(() -> new RunQueue(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("creating the run queue: max_concurrent_runs must be at least 1, was 0");
    }

    @Test
    void refresh_only_runs_wait_like_drift_checks() {
        assertThat(Priority.of(RunKind.APPLY)).isEqualTo(Priority.APPLY);
        assertThat(Priority.of(RunKind.PLAN)).isEqualTo(Priority.PLAN);
        assertThat(Priority.of(RunKind.DRIFT_CHECK)).isEqualTo(Priority.DRIFT_CHECK);
        assertThat(Priority.of(RunKind.REFRESH_ONLY)).isEqualTo(Priority.DRIFT_CHECK);
    }

    /** A run that records its start and then waits for the test to open the gate. */
    private QueuedRun held(WorkspaceId workspace, Priority priority, String name) {
        return counted(workspace, priority, name, () -> {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private QueuedRun counted(WorkspaceId workspace, Priority priority, String name, Runnable body) {
        return new QueuedRun(workspace, priority, name, () -> {
            mostActive.accumulateAndGet(active.incrementAndGet(), Math::max);
            started.add(name);
            try {
                body.run();
            } finally {
                active.decrementAndGet();
            }
        });
    }
}
