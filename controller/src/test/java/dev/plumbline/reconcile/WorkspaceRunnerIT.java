package dev.plumbline.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.discovery.WorkspaceSource;
import dev.plumbline.domain.Classification;
import dev.plumbline.domain.Run;
import dev.plumbline.domain.RunKind;
import dev.plumbline.domain.RunStatus;
import dev.plumbline.domain.Tool;
import dev.plumbline.domain.Trigger;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.runner.Cancellation;
import dev.plumbline.store.Database;
import dev.plumbline.store.LogLine;
import dev.plumbline.testing.RealToolchain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Plan, drift and apply of the example workspace with the real tools, a real H2 file and real state. */
class WorkspaceRunnerIT {
    @TempDir
    Path tmp;

    private Database db;
    private WorkspaceRunner runner;
    private Path out;

    @BeforeEach
    void open() throws Exception {
        Path data = tmp.resolve("data");
        db = Database.open(data.resolve("plumbline"), data.resolve("plan.key"));
        runner = new WorkspaceRunner(db, RealToolchain.get(), data, System.getenv());
        out = Files.createDirectories(tmp.resolve("out"));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private WorkspaceSource hello(Tool tool) throws Exception {
        Path root = tmp.resolve("checkout");
        if (!Files.exists(root)) {
            RealToolchain.copyExample("hello", root);
        }
        return WorkspaceSource.of(new WorkspaceId("demo", "hello"), root, "workspaces/hello", tool)
                .withVariables(Map.of("output_dir", out.toString()));
    }

    @ParameterizedTest
    @EnumSource(Tool.class)
    void drift_is_detected_when_the_file_changes_outside_git_and_apply_restores_it(Tool tool) throws Exception {
        WorkspaceSource ws = hello(tool);
        Path greeting = out.resolve("hello.txt");

        RunResult first = runner.plan(ws, RunKind.PLAN, Trigger.MANUAL, Cancellation.none());
        assertThat(first.classification()).as("first plan: %s", first.error()).isEqualTo(Classification.CHANGES_PENDING);
        assertThat(runner.apply(first.runId(), ws, Trigger.MANUAL, Cancellation.none()).status())
                .isEqualTo(RunStatus.SUCCEEDED);
        String original = Files.readString(greeting);
        assertThat(original).startsWith("Hello from ");
        assertThat(runner.plan(ws, RunKind.DRIFT_CHECK, Trigger.SCHEDULE, Cancellation.none()).classification())
                .isEqualTo(Classification.IN_SYNC);

        Files.writeString(greeting, "edited by hand\n");
        RunResult check = runner.plan(ws, RunKind.DRIFT_CHECK, Trigger.SCHEDULE, Cancellation.none());

        assertThat(check.classification()).isEqualTo(Classification.DRIFTED);
        assertThat(check.drift()).extracting(f -> f.address()).containsOnly("local_file.greeting");
        Run stored = db.runs().find(check.runId()).orElseThrow();
        assertThat(stored.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(stored.toolVersion()).isEqualTo(RealToolchain.get().pinnedVersion(tool));
        assertThat(stored.counts().add()).isEqualTo(1);
        assertThat(db.plans().find(check.runId())).get().satisfies(p -> {
            assertThat(p.maskedJson()).contains("\"resource_drift\"", "local_file.greeting");
            assertThat(p.renderedText()).contains("local_file.greeting");
            assertThat(p.planfile()).isNotEmpty();
        });
        assertThat(logText(check.runId())).contains("Refreshing state")
                .contains("init skipped: providers, modules and backend are unchanged");

        RunResult heal = runner.apply(check.runId(), ws, Trigger.MANUAL, Cancellation.none());
        assertThat(heal.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(greeting).hasContent(original);
        assertThat(runner.plan(ws, RunKind.DRIFT_CHECK, Trigger.SCHEDULE, Cancellation.none()).classification())
                .isEqualTo(Classification.IN_SYNC);
        assertThat(tmp.resolve("data/runs")).isEmptyDirectory();
    }

    @Test
    void a_failing_run_is_stored_as_failed_with_its_output() throws Exception {
        WorkspaceSource ws = hello(Tool.TOFU);
        Files.writeString(tmp.resolve("checkout/workspaces/hello/broken.tf"), "resource \"local_file\" \"x\" {\n");

        RunResult r = runner.plan(ws, RunKind.PLAN, Trigger.MANUAL, Cancellation.none());

        assertThat(r.status()).isEqualTo(RunStatus.FAILED);
        assertThat(r.error()).contains("init", "exit code 1");
        assertThat(logText(r.runId())).contains("broken.tf");
        assertThat(db.runs().find(r.runId()).orElseThrow().times().finishedAt()).isNotNull();
    }

    @Test
    void secret_variables_never_reach_stored_logs_plans_or_drift() throws Exception {
        Path root = tmp.resolve("secret");
        Files.createDirectories(root.resolve("ws"));
        Files.writeString(root.resolve("ws/main.tf"), """
                terraform {
                  required_providers {
                    local = { source = "hashicorp/local", version = "2.9.0" }
                  }
                }
                variable "out" { type = string }
                variable "token" { type = string }
                resource "local_file" "f" {
                  filename = "${var.out}/token.txt"
                  content  = "token=${var.token}"
                }
                output "token_echo" { value = var.token }
                """);
        WorkspaceSource ws = WorkspaceSource.of(new WorkspaceId("demo", "secret"), root, "ws", Tool.TOFU)
                .withVariables(Map.of("out", out.toString()))
                .withSecretVariables(Map.of("token", "canary-s3cr3t-7f3a"));

        RunResult r = runner.plan(ws, RunKind.PLAN, Trigger.MANUAL, Cancellation.none());

        assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
        assertThat(logText(r.runId())).contains("token=***").doesNotContain("canary-s3cr3t-7f3a");
        assertThat(db.plans().find(r.runId())).get().satisfies(p -> {
            assertThat(p.maskedJson()).doesNotContain("canary-s3cr3t-7f3a");
            assertThat(p.renderedText()).doesNotContain("canary-s3cr3t-7f3a");
        });
        byte[] dbFile = Files.readAllBytes(tmp.resolve("data/plumbline.mv.db"));
        assertThat(new String(dbFile, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("canary-s3cr3t-7f3a");
    }

    @Test
    void apply_refuses_a_run_that_is_not_a_successful_plan() throws Exception {
        WorkspaceSource ws = hello(Tool.TOFU);
        RunResult plan = runner.plan(ws, RunKind.PLAN, Trigger.MANUAL, Cancellation.none());
        RunResult apply = runner.apply(plan.runId(), ws, Trigger.MANUAL, Cancellation.none());

        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> runner.apply(apply.runId(), ws, Trigger.MANUAL, Cancellation.none()))
                .hasMessageContaining("run " + apply.runId());
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> runner.apply(9999, ws, Trigger.MANUAL, Cancellation.none()))
                .hasMessageContaining("run 9999 does not exist");
        assertThat(db.runs().list(Optional.empty(), 10)).hasSize(2);
    }

    @Test
    void local_state_and_its_backup_are_owner_only_though_the_tool_writes_them() throws Exception {
        WorkspaceSource ws = hello(Tool.TOFU);
        Path state = tmp.resolve("data/state");
        Path dir = state.resolve("demo/hello");

        RunResult plan = runner.plan(ws, RunKind.PLAN, Trigger.MANUAL, Cancellation.none());
        assertThat(runner.apply(plan.runId(), ws, Trigger.MANUAL, Cancellation.none()).status())
                .isEqualTo(RunStatus.SUCCEEDED);

        assertThat(dir.resolve("terraform.tfstate")).content().contains("\"greeting\"");
        for (Path d : new Path[] {state, state.resolve("demo"), dir}) {
            assertThat(mode(d)).as(d.toString()).isEqualTo("rwx------");
        }
        assertThat(mode(dir.resolve("terraform.tfstate"))).isEqualTo("rw-------");
        assertThat(mode(dir.resolve("terraform.tfstate.backup"))).isEqualTo("rw-------");

        // a state file an earlier version left readable is restricted by the next run
        Files.setPosixFilePermissions(dir.resolve("terraform.tfstate"),
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        Path elsewhere = Files.createDirectories(tmp.resolve("out2"));
        WorkspaceSource moved = ws.withVariables(Map.of("output_dir", elsewhere.toString()));
        RunResult again = runner.plan(moved, RunKind.PLAN, Trigger.MANUAL, Cancellation.none());
        assertThat(runner.apply(again.runId(), moved, Trigger.MANUAL, Cancellation.none()).status())
                .isEqualTo(RunStatus.SUCCEEDED);

        assertThat(dir.resolve("terraform.tfstate.backup")).content().contains("greeting");
        try (var files = Files.list(dir)) {
            assertThat(files).allSatisfy(f -> assertThat(mode(f)).as(f.toString()).isEqualTo("rw-------"));
        }
    }

    private static String mode(Path p) {
        try {
            return java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String logText(long runId) {
        return db.logs().read(runId).stream().map(LogLine::text).collect(Collectors.joining("\n"));
    }
}
