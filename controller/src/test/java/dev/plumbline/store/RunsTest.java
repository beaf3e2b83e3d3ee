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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RunsTest extends OnEachStore {
    @Test
    void a_started_run_is_running_before_the_tool_has_done_anything() {
        try (Database db = store().open()) {
            long runId = StoreFixture.running(db, PROD);

            Run run = db.runs().find(runId).orElseThrow();
            assertThat(run.workspace()).isEqualTo(PROD);
            assertThat(run.status()).isEqualTo(RunStatus.RUNNING);
            assertThat(run.kind()).isEqualTo(RunKind.PLAN);
            assertThat(run.trigger()).isEqualTo(Trigger.PUSH);
            assertThat(run.tool()).isEqualTo(Tool.TOFU);
            assertThat(run.toolVersion()).isEqualTo("1.10.2");
            assertThat(run.attempt()).isEqualTo(1);
            assertThat(run.times().startedAt()).isNotNull().isEqualTo(run.times().queuedAt());
            assertThat(run.times().finishedAt()).isNull();
            assertThat(run.times().duration()).isEmpty();
        }
    }

    @Test
    void a_run_cut_off_by_a_crash_becomes_interrupted_after_restart() throws Exception {
        try (Database db = store().open()) {
            StoreFixture.running(db, PROD);
        }
        long queued;
        try (Database db = store().open()) {
            queued = db.runs().enqueue(NewRun.first(PROD, RunKind.DRIFT_CHECK, Trigger.SCHEDULE, null, Tool.TOFU,
                    null));
        }
        long cutOff = runInDaemonThatCrashes();

        try (Database db = store().open()) {
            assertThat(db.runs().find(cutOff).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);

            assertThat(db.runs().markInterrupted("the daemon restarted while the run was going")).isEqualTo(2);

            Run run = db.runs().find(cutOff).orElseThrow();
            assertThat(run.status()).isEqualTo(RunStatus.INTERRUPTED);
            assertThat(run.times().finishedAt()).isNotNull();
            assertThat(run.errorMessage()).isEqualTo("the daemon restarted while the run was going");
            assertThat(db.runs().find(queued).orElseThrow().status()).isEqualTo(RunStatus.PENDING);
            assertThat(db.runs().markInterrupted("again")).isZero();
        }
    }

    /** Starts a run in another JVM that halts right after the write, as `kill -9` would stop a daemon. */
    private long runInDaemonThatCrashes() throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-cp", System.getProperty("java.class.path"), CrashingDaemon.class.getName()));
        command.addAll(store().arguments());
        ProcessBuilder child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        child.environment().putAll(store().environment());
        Process daemon = child.start();
        String out = new String(daemon.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(daemon.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(daemon.exitValue()).isEqualTo(3);
        return Long.parseLong(out.lines().reduce((first, last) -> last).orElseThrow().trim());
    }

    @Test
    void finishing_a_run_twice_is_refused_naming_the_run() {
        try (Database db = store().open()) {
            long runId = StoreFixture.running(db, PROD);
            db.runs().finish(runId, RunOutcome.succeeded(0, Classification.IN_SYNC, ResourceCounts.NONE));

            assertThatThrownBy(() -> db.runs().finish(runId, RunOutcome.failed(1, "late report")))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("run " + runId)
                    .hasMessageContaining("already finished as succeeded");
            assertThat(db.runs().find(runId).orElseThrow().status()).isEqualTo(RunStatus.SUCCEEDED);
        }
    }

    @Test
    void finishing_an_unknown_run_names_it() {
        try (Database db = store().open()) {
            assertThatThrownBy(() -> db.runs().finish(404, RunOutcome.cancelled("nobody asked")))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("no run 404");
        }
    }

    @Test
    void a_finished_run_keeps_its_outcome_and_duration() {
        try (Database db = store().open()) {
            long runId = StoreFixture.running(db, PROD);
            db.runs().finish(runId, new RunOutcome(RunStatus.FAILED, 1, Classification.ERRORED, null,
                    "running tofu plan in infra/prod: exit 1"));

            Run run = db.runs().find(runId).orElseThrow();
            assertThat(run.status()).isEqualTo(RunStatus.FAILED);
            assertThat(run.exitCode()).isEqualTo(1);
            assertThat(run.classification()).isEqualTo(Classification.ERRORED);
            assertThat(run.counts()).isNull();
            assertThat(run.errorMessage()).contains("exit 1");
            assertThat(run.times().duration()).hasValueSatisfying(d -> assertThat(d.isNegative()).isFalse());
        }
    }

    @Test
    void a_queued_run_starts_once() {
        try (Database db = store().open()) {
            db.workspaces().ensure(PROD, "envs/prod", Tool.TOFU);
            long runId = db.runs().enqueue(NewRun.first(PROD, RunKind.APPLY, Trigger.MANUAL, "0a1b", Tool.TOFU, null));
            assertThat(db.runs().find(runId).orElseThrow().times().startedAt()).isNull();

            db.runs().markStarted(runId);

            assertThat(db.runs().find(runId).orElseThrow()).satisfies(run -> {
                assertThat(run.status()).isEqualTo(RunStatus.RUNNING);
                assertThat(run.times().startedAt()).isNotNull();
            });
            assertThatThrownBy(() -> db.runs().markStarted(runId))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("run " + runId);
        }
    }

    @Test
    void a_retry_points_at_the_run_it_retries() {
        try (Database db = store().open()) {
            long first = StoreFixture.running(db, PROD);
            db.runs().finish(first, RunOutcome.failed(1, "state lock held"));

            long retry = db.runs().start(new NewRun(PROD, RunKind.PLAN, Trigger.RETRY, "0a1b2c3d", Tool.TOFU,
                    "1.10.2", 2, first));

            assertThat(db.runs().find(retry).orElseThrow()).satisfies(run -> {
                assertThat(run.attempt()).isEqualTo(2);
                assertThat(run.retryOf()).isEqualTo(first);
            });
        }
    }

    @Test
    void runs_are_listed_newest_first_per_workspace_or_all() {
        try (Database db = store().open()) {
            long prod1 = StoreFixture.running(db, PROD);
            long staging = StoreFixture.running(db, STAGING);
            long prod2 = StoreFixture.running(db, PROD);

            assertThat(db.runs().list(Optional.empty(), 10)).extracting(Run::id)
                    .containsExactly(prod2, staging, prod1);
            assertThat(db.runs().list(Optional.of(PROD), 10)).extracting(Run::id).containsExactly(prod2, prod1);
            assertThat(db.runs().list(Optional.empty(), 2)).extracting(Run::id).containsExactly(prod2, staging);
        }
    }

    @Test
    void latest_finds_the_newest_run_of_a_kind() {
        try (Database db = store().open()) {
            long plan = StoreFixture.running(db, PROD);
            long drift = db.runs().start(NewRun.first(PROD, RunKind.DRIFT_CHECK, Trigger.SCHEDULE, null, Tool.TOFU,
                    null));

            assertThat(db.runs().latest(PROD, RunKind.PLAN)).map(Run::id).hasValue(plan);
            assertThat(db.runs().latest(PROD, RunKind.DRIFT_CHECK)).map(Run::id).hasValue(drift);
            assertThat(db.runs().latest(PROD, RunKind.APPLY)).isEmpty();
        }
    }

    @Test
    void a_run_of_an_unregistered_workspace_is_refused_naming_it() {
        try (Database db = store().open()) {
            assertThatThrownBy(() -> db.runs().start(NewRun.first(PROD, RunKind.PLAN, Trigger.MANUAL, null,
                    Tool.TOFU, null)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("infra/prod is not registered");
        }
    }
}
