package dev.plumbline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plumbline.domain.Run;
import dev.plumbline.domain.RunKind;
import dev.plumbline.domain.RunStatus;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.store.Database;
import dev.plumbline.store.LogLine;
import dev.plumbline.testing.InfraRepo;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Plumbline processes stopped and killed in the middle of an apply, as systemd, an operator or the OOM killer
 * would: real CLI and daemon processes, the real tofu, a real H2 file. The apply's local-exec provisioner sleeps,
 * with a duration unique to the test so that its processes can be found.
 */
class ProcessFaultsIT {
    private static final WorkspaceId SLOW = new WorkspaceId("infra", "slow");
    private static final Duration PATIENCE = Duration.ofMinutes(3);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private InfraRepo repo;
    private final List<Process> started = new ArrayList<>();
    private final String sleep = "sleep 1" + ThreadLocalRandom.current().nextInt(100, 999) + "."
            + ThreadLocalRandom.current().nextInt(1000, 9999);

    @AfterEach
    void cleanUp() {
        started.forEach(Process::destroyForcibly);
        processesRunning(sleep).forEach(ProcessHandle::destroyForcibly);
        if (repo != null) {
            repo.close();
        }
    }

    @Test
    void a_cli_apply_killed_with_sigkill_takes_its_tool_along_and_the_next_daemon_records_it_interrupted()
            throws Exception {
        Path config = config(slowRepo(sleep), "");
        long plan = plannedAndApproved(config);

        Process cli = plumbline("apply", "-c", config.toString(), Long.toString(plan));
        ProcessHandle provisioner = await().atMost(PATIENCE).until(() -> processesRunning(sleep).stream()
                .filter(p -> p.info().command().map(c -> c.endsWith("/sleep")).orElse(false)).findFirst(),
                Optional::isPresent).orElseThrow();
        List<ProcessHandle> tool = ancestorsBelow(provisioner, cli.pid());
        assertThat(tool).as("sleep, its shell and tofu").hasSizeGreaterThanOrEqualTo(3);

        cli.destroyForcibly(); // SIGKILL: no shutdown hook, no stop of its own
        cli.waitFor(30, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(tool)
                .as("tofu and its process group are gone").noneMatch(ProcessHandle::isAlive));
        long apply;
        try (Database db = openStore(config)) {
            Run left = db.runs().appliesOf(plan).get(0);
            apply = left.id();
            assertThat(left.status()).as("nobody has looked yet").isEqualTo(RunStatus.RUNNING);
        }

        try (App app = App.open(config); Daemon daemon = new Daemon(app)) {
            daemon.start();
            Run interrupted = app.db.runs().find(apply).orElseThrow();
            assertThat(interrupted.status()).isEqualTo(RunStatus.INTERRUPTED);
            assertThat(interrupted.errorMessage()).contains("is no longer running").contains("a cli on");
            assertThat(app.db.audit().recent(20)).anySatisfy(e -> {
                assertThat(e.action()).isEqualTo("apply.interrupted");
                assertThat(e.detail()).contains("apply run " + apply + " of the plan of run " + plan);
            });
        }
    }

    @Test
    void a_daemon_that_starts_and_stops_during_a_cli_apply_leaves_it_alone_and_the_apply_ends_as_it_really_did()
            throws Exception {
        Path config = config(slowRepo("sleep 6"), "");
        long plan = plannedAndApproved(config);
        Path out = tmp.resolve("apply.out");

        Process cli = plumbline(out, "apply", "-c", config.toString(), Long.toString(plan));
        await().atMost(PATIENCE).until(() -> {
            try (Database db = openStore(config)) {
                return !db.runs().appliesOf(plan).isEmpty();
            }
        });
        try (App app = App.open(config); Daemon daemon = new Daemon(app)) {
            daemon.start(); // a restart of the daemon while the CLI applies
        }

        assertThat(cli.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(cli.exitValue()).as("apply exit code; output: %s", Files.readString(out)).isZero();
        long applyId;
        try (Database db = openStore(config)) {
            Run apply = db.runs().appliesOf(plan).get(0);
            applyId = apply.id();
            assertThat(apply.status()).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(db.runs().links(apply.id()).orElseThrow().ownerId()).contains(":" + cli.pid() + ":");
        }
        JsonNode shown = JSON.readTree(inProcess("show", Long.toString(applyId), "-c", config.toString(), "--json"));
        assertThat(shown.at("/run/kind").asText()).isEqualTo("apply");
        assertThat(shown.at("/run/owner").asText()).contains(":" + cli.pid() + ":");
        assertThat(shown.at("/run/plan_run_id").asLong()).isEqualTo(plan);
        JsonNode listed = JSON.readTree(inProcess("runs", "-c", config.toString(), "--json"));
        assertThat(listed.at("/runs/0/plan_run_id").asLong()).isEqualTo(plan);
        assertThat(listed.at("/runs/1/owner").asText()).as("the plan, run in this process")
                .contains(":" + ProcessHandle.current().pid() + ":");
        assertThat(listed.at("/runs/1/plan_run_id").isNull()).isTrue();
    }

    @Test
    void sigterm_to_serve_during_an_apply_waits_for_tofu_and_records_how_the_run_ended() throws Exception {
        InfraRepo infra = slowRepo(sleep);
        Path config = config(infra, "poll_interval: 1s\nhttp: {port: 0}\n");
        infra.write(".plumbline.yaml", "autodiscover: false\nworkspaces: []\n").commit("Nothing yet");
        Path out = tmp.resolve("serve.out");
        Process serve = plumbline(out, "serve", "-c", config.toString());
        await().atMost(PATIENCE).until(() -> Files.readString(out).contains("plumbline is listening"));
        infra.write(".plumbline.yaml", settings("auto")).commit("Add slow, applied automatically");

        long apply = await().atMost(PATIENCE).until(() -> runningApply(config), Optional::isPresent).orElseThrow();
        serve.destroy(); // SIGTERM

        assertThat(serve.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).as("serve exited").isTrue();
        assertThat(Files.readString(out)).doesNotContain("Database is already closed").contains("plumbline is stopping");
        try (Database db = openStore(config)) {
            Run run = db.runs().find(apply).orElseThrow();
            assertThat(run.status()).isIn(RunStatus.INTERRUPTED, RunStatus.SUCCEEDED);
            assertThat(db.logs().read(apply)).extracting(LogLine::text)
                    .anySatisfy(l -> assertThat(l).contains("plumbline: "));
            assertThat(db.runs().list(Optional.empty(), 100)).allSatisfy(r -> assertThat(r.status().isFinal())
                    .as("run %d %s", r.id(), r.status().wire()).isTrue());
            assertThat(db.owners().stopped(db.runs().links(apply).orElseThrow().ownerId())).contains(true);
        }
        assertThat(processesRunning(sleep)).as("the provisioner stopped with tofu").isEmpty();
    }

    @Test
    void cancel_from_another_process_stops_a_running_cli_apply_which_records_it_cancelled() throws Exception {
        Path config = config(slowRepo(sleep), "");
        long plan = plannedAndApproved(config);
        Process cli = plumbline("apply", "-c", config.toString(), Long.toString(plan));
        long apply = await().atMost(PATIENCE).until(() -> runningApply(config), Optional::isPresent).orElseThrow();

        String said = inProcess("cancel", Long.toString(apply), "-c", config.toString(), "--by", "bob");

        assertThat(said).contains("run " + apply + " cancelled by its process (owner ");
        assertThat(cli.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(cli.exitValue()).as("the apply did not happen").isEqualTo(1);
        try (Database db = openStore(config)) {
            Run run = db.runs().find(apply).orElseThrow();
            assertThat(run.status()).isEqualTo(RunStatus.CANCELLED);
            assertThat(run.errorMessage()).contains("cancel requested by bob");
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> processesRunning(sleep).isEmpty());
    }

    // ------------------------------------------------------------------------------------------------------------

    private Optional<Long> runningApply(Path config) {
        try (Database db = openStore(config)) {
            return db.runs().list(Optional.of(SLOW), 10).stream()
                    .filter(r -> r.kind() == RunKind.APPLY && r.status() == RunStatus.RUNNING)
                    .filter(r -> db.logs().read(r.id()).stream().anyMatch(l -> l.text().contains("local-exec")))
                    .map(Run::id).findFirst();
        }
    }

    private String settings(String apply) {
        return "autodiscover: false\nworkspaces:\n  - name: slow\n    dir: workspaces/slow\n    apply: " + apply + "\n";
    }

    /** A repo whose workspace slow runs {@code command} in a local-exec provisioner when applied. */
    private InfraRepo slowRepo(String command) throws Exception {
        repo = InfraRepo.withExamples(tmp.resolve("git"), settings("approval"));
        repo.write("workspaces/slow/main.tf", """
                resource "terraform_data" "wait" {
                  provisioner "local-exec" {
                    command = "%s"
                  }
                }
                """.formatted(command)).commit("A workspace whose apply takes a while");
        return repo;
    }

    private Path config(InfraRepo infra, String more) throws Exception {
        Path file = tmp.resolve("plumbline.yaml");
        Files.writeString(file, infra.daemonConfig("infra", tmp.resolve("data")) + more);
        return file;
    }

    private Database openStore(Path config) {
        Path data = tmp.resolve("data");
        return Database.open(data.resolve("plumbline"), data.resolve("plan.key"));
    }

    /** Plans slow in this process and approves the plan; returns the plan run. */
    private long plannedAndApproved(Path config) {
        String planned = inProcess("plan", "infra/slow", "-c", config.toString());
        Matcher m = Pattern.compile("infra/slow: run (\\d+) ").matcher(planned);
        assertThat(m.find()).as(planned).isTrue();
        inProcess("approve", m.group(1), "-c", config.toString(), "--by", "alice");
        return Long.parseLong(m.group(1));
    }

    private static String inProcess(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        assertThat(cli.execute(args)).as("%s: %s", String.join(" ", args), err).isZero();
        return out.toString();
    }

    private Process plumbline(String... args) throws Exception {
        return plumbline(tmp.resolve("plumbline-" + started.size() + ".out"), args);
    }

    /** A real plumbline process, its stdout and stderr in {@code out}. */
    private Process plumbline(Path out, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        argv.addAll(List.of(args));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        started.add(p);
        return p;
    }

    private static List<ProcessHandle> processesRunning(String command) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(command)).orElse(false)).toList();
    }

    /** {@code p} and its ancestors, up to and without the process {@code top}. */
    private static List<ProcessHandle> ancestorsBelow(ProcessHandle p, long top) {
        List<ProcessHandle> chain = new ArrayList<>();
        for (Optional<ProcessHandle> at = Optional.of(p); at.isPresent() && at.get().pid() != top;
                at = at.get().parent()) {
            chain.add(at.get());
        }
        return chain;
    }
}
