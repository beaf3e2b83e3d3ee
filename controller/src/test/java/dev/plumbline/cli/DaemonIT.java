package dev.plumbline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plumbline.domain.Run;
import dev.plumbline.domain.RunKind;
import dev.plumbline.domain.RunStatus;
import dev.plumbline.domain.Tool;
import dev.plumbline.domain.Trigger;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.reconcile.Attempt;
import dev.plumbline.schedule.Dispatcher;
import dev.plumbline.schedule.ScheduledInfo;
import dev.plumbline.schedule.Schedules;
import dev.plumbline.store.Database;
import dev.plumbline.store.NewRun;
import dev.plumbline.testing.InfraRepo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon with real Git repositories, the real tofu and a real H2 file: restarts, schedules, polling, the
 * one-run-per-workspace rule, stopping in the middle of an apply, and a repo with broken settings.
 */
class DaemonIT {
    private static final WorkspaceId HELLO = new WorkspaceId("infra", "hello");
    private static final WorkspaceId SLOW = new WorkspaceId("infra", "slow");
    private static final Duration PATIENCE = Duration.ofMinutes(3);
    /** No workspaces yet: the example directories are in the repo, but no settings name them. */
    private static final String NO_WORKSPACES = "autodiscover: false\nworkspaces: []\n";

    @TempDir
    Path tmp;

    private final List<InfraRepo> repos = new ArrayList<>();
    private Daemon daemon;
    private App app;

    @AfterEach
    void stopEverything() {
        if (daemon != null) {
            stopDaemon();
        }
        repos.forEach(InfraRepo::close);
        // tofu does not pass its interrupt on to what a provisioner started, so a sleep can outlive the stop.
        markedProcesses(tmp.toString()).forEach(ProcessHandle::destroyForcibly);
    }

    /** Processes whose environment carries {@code PLUMBLINE_TEST_MARK=<mark>} (Linux: read from /proc). */
    private static List<ProcessHandle> markedProcesses(String mark) {
        String wanted = "PLUMBLINE_TEST_MARK=" + mark + "\0";
        return ProcessHandle.allProcesses().filter(p -> {
            try {
                byte[] env = Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "environ"));
                return new String(env, StandardCharsets.ISO_8859_1).contains(wanted);
            } catch (IOException | SecurityException e) {
                return false; // gone, or not ours
            }
        }).toList();
    }

    private Path data() {
        return tmp.resolve("data");
    }

    private Path managed(String file) {
        return tmp.resolve("managed").resolve(file);
    }

    private InfraRepo repo(String dir, String settings) throws Exception {
        InfraRepo repo = InfraRepo.withExamples(tmp.resolve(dir), settings);
        repos.add(repo);
        return repo;
    }

    /** hello alone (no autodiscovery), applied automatically, drift checked hourly (the default). */
    private String helloSettings() {
        return """
                autodiscover: false
                workspaces:
                  - name: hello
                    dir: workspaces/hello
                    apply: auto
                    variables: {output_dir: "%s"}
                """.formatted(tmp.resolve("managed"));
    }

    /** Waits for the daemon's first poll of {@code repo}, which records its head and plans nothing. */
    private void awaitFirstPoll(String repo) {
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(app.db.repoHeads().lastSeen(repo)).isPresent());
    }

    private Path helloConfig() throws Exception {
        return config(repo("git", helloSettings()).daemonConfig("infra", data()));
    }

    private Path config(String yaml) throws Exception {
        Path file = tmp.resolve("plumbline.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private void startDaemon(Path config) {
        app = App.open(config);
        daemon = new Daemon(app);
        daemon.start();
    }

    private void stopDaemon() {
        Daemon stopping = daemon;
        daemon = null;
        app = null;
        stopping.close();
    }

    private Database openStore() {
        return Database.open(data().resolve("plumbline"), data().resolve("plan.key"));
    }

    private List<Run> runsOf(WorkspaceId ws) {
        return app.db.runs().list(Optional.of(ws), 100);
    }

    private static List<String> keys(List<ScheduledInfo> schedules) {
        return schedules.stream().map(ScheduledInfo::key).toList();
    }

    @Test
    void a_restart_marks_runs_cut_off_by_the_last_stop_as_interrupted() throws Exception {
        Path config = helloConfig();
        long cutOff;
        try (Database db = openStore()) {
            db.workspaces().ensure(HELLO, "workspaces/hello", Tool.TOFU);
            cutOff = db.runs().start(NewRun.first(HELLO, RunKind.DRIFT_CHECK, Trigger.SCHEDULE, null, Tool.TOFU, null));
        }

        startDaemon(config);

        Run run = app.db.runs().find(cutOff).orElseThrow();
        assertThat(run.status()).isEqualTo(RunStatus.INTERRUPTED);
        assertThat(run.errorMessage()).contains("daemon stopped");
        assertThat(app.db.audit().recent(100)).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("daemon.recovered");
            assertThat(e.detail()).startsWith("1 run(s)");
        });
    }

    @Test
    void schedules_are_stored_and_resume_after_a_restart() throws Exception {
        Path config = helloConfig();
        startDaemon(config);
        assertThat(keys(daemon.schedules())).contains("drift:infra/hello", "poll:infra");
        stopDaemon();

        // What the store kept, read by a scheduler that is given no list of wanted schedules to sync to.
        Dispatcher ignore = new Dispatcher() {
            @Override
            public void driftCheck(WorkspaceId workspace, boolean catchUp) { }

            @Override
            public void poll(String repo) { }
        };
        try (Database db = openStore(); Schedules stored = Schedules.start(db.dataSource(), ignore, "plumbline")) {
            assertThat(keys(stored.list())).contains("drift:infra/hello", "poll:infra");
        }

        startDaemon(config);
        assertThat(keys(daemon.schedules())).contains("drift:infra/hello", "poll:infra");
    }

    @Test
    void a_poll_on_start_plans_and_applies_workspaces_added_while_the_daemon_was_down() throws Exception {
        InfraRepo repo = repo("git", NO_WORKSPACES);
        Path config = config(repo.daemonConfig("infra", data()));
        startDaemon(config);
        awaitFirstPoll("infra");
        assertThat(app.db.runs().list(Optional.empty(), 10)).as("a repo seen for the first time plans nothing").isEmpty();
        stopDaemon();
        repo.write(".plumbline.yaml", helloSettings()).commit("Add hello");

        startDaemon(config);

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(managed("hello.txt")).exists());
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(runsOf(HELLO))
                .anySatisfy(r -> {
                    assertThat(r.kind()).isEqualTo(RunKind.PLAN);
                    assertThat(r.trigger()).isEqualTo(Trigger.PUSH);
                    assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
                })
                .anySatisfy(r -> {
                    assertThat(r.kind()).isEqualTo(RunKind.APPLY);
                    assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED);
                }));
        assertThat(managed("hello.txt")).content().contains("This file is managed by Plumbline.");
    }

    @Test
    void two_triggers_on_one_workspace_run_one_after_the_other() throws Exception {
        startDaemon(helloConfig());

        daemon.driftCheck(HELLO, false);
        daemon.submit(HELLO, RunKind.PLAN, Trigger.MANUAL, Attempt.FIRST);

        // Two plans, and one apply by whichever ran first (hello starts with nothing applied).
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(runsOf(HELLO))
                .allSatisfy(r -> assertThat(r.status()).isEqualTo(RunStatus.SUCCEEDED))
                .extracting(r -> r.kind().wire() + " " + r.trigger().wire())
                .contains("drift_check schedule", "plan manual")
                .filteredOn(s -> s.startsWith("apply")).hasSize(1));
        List<Run> byStart = runsOf(HELLO).stream().sorted(Comparator.comparing(r -> r.times().startedAt())).toList();
        for (int i = 1; i < byStart.size(); i++) {
            Run before = byStart.get(i - 1);
            Run after = byStart.get(i);
            assertThat(after.times().startedAt()).as("run %d starts after run %d finished", after.id(), before.id())
                    .isAfterOrEqualTo(before.times().finishedAt());
        }
    }

    @Test
    void stopping_interrupts_a_running_apply_and_releases_the_state_lock() throws Exception {
        InfraRepo repo = repo("git", """
                autodiscover: false
                workspaces:
                  - name: slow
                    dir: workspaces/slow
                    apply: auto
                """);
        repo.write("workspaces/slow/main.tf", """
                resource "terraform_data" "wait" {
                  provisioner "local-exec" {
                    command     = "sleep 120"
                    environment = { PLUMBLINE_TEST_MARK = "%s" }
                  }
                }
                """.formatted(tmp)).commit("A workspace whose apply takes two minutes");
        startDaemon(config(repo.daemonConfig("infra", data())));
        daemon.submit(SLOW, RunKind.PLAN, Trigger.MANUAL, Attempt.FIRST);

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(runsOf(SLOW)).first().satisfies(apply -> {
            assertThat(apply.kind()).isEqualTo(RunKind.APPLY);
            assertThat(apply.status()).isEqualTo(RunStatus.RUNNING);
            assertThat(app.db.logs().read(apply.id())).anySatisfy(l -> assertThat(l.text()).contains("local-exec"));
        }));
        long applyRun = runsOf(SLOW).get(0).id();

        long began = System.nanoTime();
        stopDaemon();
        Duration stopping = Duration.ofNanos(System.nanoTime() - began);

        assertThat(stopping).as("close() does not wait for the provisioner").isLessThan(Duration.ofSeconds(60));
        try (Database db = openStore()) {
            Run apply = db.runs().find(applyRun).orElseThrow();
            assertThat(apply.kind()).isEqualTo(RunKind.APPLY);
            assertThat(apply.status()).isEqualTo(RunStatus.INTERRUPTED);
            assertThat(db.runs().list(Optional.empty(), 100)).allSatisfy(r -> assertThat(r.status().isFinal()).isTrue());
        }
        Path state = data().resolve("state").resolve("infra").resolve("slow");
        assertThat(state.resolve("terraform.tfstate")).exists();
        assertThat(state.resolve(".terraform.tfstate.lock.info")).doesNotExist();
    }

    @Test
    void a_repo_with_invalid_settings_does_not_stop_the_others() throws Exception {
        InfraRepo broken = repo("broken", "workspaces:\n  - name: hello\n    dir: ../outside\n");
        InfraRepo infra = repo("infra", NO_WORKSPACES);
        startDaemon(config("data_dir: " + data() + "\nrepos:\n"
                + "  - name: broken\n    url: " + broken.url() + "\n    branch: main\n"
                + "  - name: infra\n    url: " + infra.url() + "\n    branch: main\n"));
        awaitFirstPoll("infra");

        infra.write(".plumbline.yaml", helloSettings()).commit("Add hello");
        daemon.poll("broken");
        daemon.poll("infra");

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(managed("hello.txt")).exists());
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(keys(daemon.schedules()))
                .contains("poll:broken", "poll:infra", "drift:infra/hello"));
        assertThat(app.db.runs().list(Optional.empty(), 100)).noneMatch(r -> r.workspace().repo().equals("broken"));
    }
}
