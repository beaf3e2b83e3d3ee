package dev.plumbline.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.domain.Tool;
import dev.plumbline.testing.RealToolchain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The runner against the real tofu and terraform binaries and the real local/random providers. */
class TofuCommandIT {
    @TempDir
    Path tmp;

    private final List<OutputLine> lines = new CopyOnWriteArrayList<>();

    @ParameterizedTest
    @EnumSource(Tool.class)
    void init_plan_show_apply_round_trip(Tool tool) throws Exception {
        Path ws = RealToolchain.copyExample("hello", tmp.resolve("src"));
        Path out = Files.createDirectories(tmp.resolve("out"));
        Tofu tofu = RealToolchain.tool(tool, Files.createDirectories(tmp.resolve("home")));
        tofu.environment().set("TF_VAR_output_dir", out.toString());
        Path planFile = tmp.resolve("run.tfplan");

        assertThat(tofu.init(ws).call(lines::add, Cancellation.none()).succeeded()).as("init: %s", lines).isTrue();
        CommandResult plan = tofu.plan(ws, planFile).lockTimeout(Duration.ofSeconds(5)).call(lines::add, Cancellation.none());
        assertThat(plan.exitCode()).as("plan -detailed-exitcode with changes: %s", lines).isEqualTo(2);
        assertThat(lines).extracting(OutputLine::text).anyMatch(l -> l.contains("local_file.greeting will be created"));

        CommandResult show = tofu.showJson(ws, planFile).call(lines::add, Cancellation.none());
        assertThat(show.succeeded()).isTrue();
        assertThat(show.stdout()).startsWith("{").contains("\"resource_changes\"", "local_file.greeting");
        assertThat(lines).extracting(OutputLine::text).noneMatch(l -> l.contains("\"resource_changes\""));

        CommandResult apply = tofu.apply(ws, planFile).call(lines::add, Cancellation.none());
        assertThat(apply.succeeded()).as("apply: %s", lines).isTrue();
        assertThat(out.resolve("hello.txt")).content().startsWith("Hello from ");

        CommandResult again = tofu.plan(ws, planFile).call(lines::add, Cancellation.none());
        assertThat(again.exitCode()).as("second plan finds nothing to do").isZero();
        assertThat(ToolVersion.of(tofu, ws)).isEqualTo(RealToolchain.get().pinnedVersion(tool));
    }

    @Test
    void arguments_reach_tofu_verbatim_and_its_environment_is_only_what_plumbline_gives() throws Exception {
        Path ws = Files.createDirectories(tmp.resolve("ws"));
        Files.writeString(ws.resolve("main.tf"), """
                variable "x" { type = string }
                resource "terraform_data" "env" {
                  input = var.x
                  provisioner "local-exec" {
                    command = "env | sort > ${path.module}/env.txt"
                  }
                }
                """);
        Path varFile = Files.writeString(ws.resolve("$(touch pwned).tfvars"), "x = \"from the var file\"\n");
        Path plan = tmp.resolve("plan; touch pwned");
        java.util.Map<String, String> daemon = new java.util.HashMap<>(System.getenv());
        daemon.put("AWS_SECRET_ACCESS_KEY", "daemon-secret-key");
        daemon.put("GITHUB_TOKEN", "ghp_daemon_token");
        Toolchain t = RealToolchain.get();
        Tofu tofu = new Tofu(Tool.TOFU, t.tofu(),
                ChildEnvironment.base(daemon, Files.createDirectories(tmp.resolve("home")), t.cliConfig()));

        tofu.init(ws).call(lines::add, Cancellation.none());
        CommandResult planned = tofu.plan(ws, plan).varFile(varFile).call(lines::add, Cancellation.none());
        CommandResult applied = tofu.apply(ws, plan).call(lines::add, Cancellation.none());

        assertThat(planned.exitCode()).as("%s", lines).isEqualTo(2);
        assertThat(applied.succeeded()).as("%s", lines).isTrue();
        assertThat(plan).exists();
        assertThat(tmp.resolve("pwned")).doesNotExist();
        assertThat(ws.resolve("pwned")).doesNotExist();
        // What tofu passed on to the provisioner is what tofu itself was given.
        assertThat(ws.resolve("env.txt")).content().doesNotContain("daemon-secret-key", "ghp_daemon_token")
                .contains("TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1", "AWS_EC2_METADATA_DISABLED=true",
                        "HOME=" + tmp.resolve("home"));
    }

    @Test
    void secret_variable_values_never_reach_the_output() throws Exception {
        Path ws = Files.createDirectories(tmp.resolve("ws"));
        Files.writeString(ws.resolve("main.tf"), """
                terraform {
                  required_providers {
                    local = { source = "hashicorp/local", version = "2.9.0" }
                  }
                }
                variable "token" { type = string }
                resource "local_file" "f" {
                  filename = "${path.module}/token.txt"
                  content  = "token=${var.token}"
                }
                """);
        Tofu tofu = RealToolchain.tofu(Files.createDirectories(tmp.resolve("home")));
        tofu.environment().secret("TF_VAR_token", "canary-s3cr3t-7f3a");

        tofu.init(ws).call(lines::add, Cancellation.none());
        CommandResult plan = tofu.plan(ws, tmp.resolve("p.tfplan")).call(lines::add, Cancellation.none());

        assertThat(plan.exitCode()).isEqualTo(2);
        assertThat(lines).extracting(OutputLine::text).anyMatch(l -> l.contains("\"token=***\""))
                .noneMatch(l -> l.contains("canary-s3cr3t-7f3a"));
    }

    @Test
    void cancelling_an_apply_interrupts_tofu_and_releases_the_state_lock() throws Exception {
        Path ws = Files.createDirectories(tmp.resolve("ws"));
        String seconds = "120." + (1000 + new java.util.Random().nextInt(8999));
        Files.writeString(ws.resolve("main.tf"), """
                resource "terraform_data" "slow" {
                  provisioner "local-exec" {
                    command = "sleep %s"
                  }
                }
                """.formatted(seconds));
        Tofu tofu = RealToolchain.tofu(Files.createDirectories(tmp.resolve("home"))).interruptGrace(Duration.ofSeconds(60));
        Path planFile = tmp.resolve("p.tfplan");
        tofu.init(ws).call(lines::add, Cancellation.none());
        tofu.plan(ws, planFile).call(lines::add, Cancellation.none());
        Cancellation cancel = new Cancellation();
        Thread canceller = new Thread(() -> {
            while (lines.stream().noneMatch(l -> l.text().contains("Provisioning with 'local-exec'"))) {
                Thread.onSpinWait();
            }
            cancel.cancel("test");
        });
        canceller.start();

        long t0 = System.nanoTime();
        CommandResult apply = tofu.apply(ws, planFile).call(lines::add, cancel);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        assertThat(apply.ending()).isEqualTo(CommandResult.Ending.CANCELLED);
        assertThat(apply.exitCode()).isNotZero().isNotEqualTo(137); // exited by itself, not killed
        assertThat(took).isLessThan(Duration.ofSeconds(60));
        assertThat(lines).extracting(OutputLine::text).anyMatch(l -> l.contains("Interrupt received"));
        assertThat(ws.resolve(".terraform.tfstate.lock.info")).doesNotExist();
        // What the provisioner started was interrupted with tofu (same process group), not left running.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> ProcessHandle.allProcesses()
                .noneMatch(p -> p.info().commandLine().map(c -> c.contains("sleep " + seconds)).orElse(false)));
        // The lock is free: a new plan that refuses to wait for a lock succeeds.
        CommandResult next = tofu.plan(ws, planFile).lockTimeout(Duration.ZERO).call(lines::add, Cancellation.none());
        assertThat(next.planSucceeded()).as("plan after cancel: %s", next.tail()).isTrue();
    }
}
