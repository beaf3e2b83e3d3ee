package dev.plumbline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.plumbline.schedule.ScheduledInfo;
import dev.plumbline.testing.BadInput;
import dev.plumbline.util.Dirs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository-settings part of the bad-input corpus ({@code bad-input/repo-settings.cases}). Each bad
 * {@code .plumbline.yaml} is pushed, as a commit, to a repo that a running daemon follows: the daemon must report
 * it in one clean line and keep the last valid settings and their drift schedule; and a CLI command started
 * against a data directory that never saw valid settings must exit 1 with the same kind of message. A real bare
 * Git repository, a real H2 file, the real daemon; no tofu runs, since nothing valid is ever pushed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RepoSettingsCorpusTest {
    private static final Duration HANG = Duration.ofSeconds(20);
    private static final String VALID = "workspaces:\n  - name: hello\n    dir: workspaces/hello\n"
            + "    drift: {schedule: '0 0 1 1 *'}\nautodiscover: false\n";

    @TempDir
    static Path tmp;

    private Path work;
    private Path bare;
    private Git git;
    private Path daemonConfig;
    private Path freshConfig;
    private App app;
    private Daemon daemon;

    @BeforeAll
    void startDaemon() throws Exception {
        bare = tmp.resolve("infra.git");
        work = tmp.resolve("infra");
        Git.init().setBare(true).setDirectory(bare.toFile()).setInitialBranch("main").call().close();
        git = Git.init().setDirectory(work.toFile()).setInitialBranch("main").call();
        writeTree(VALID);
        commit("valid settings");
        daemonConfig = tmp.resolve("daemon.yaml");
        Files.writeString(daemonConfig, config(tmp.resolve("data")));
        freshConfig = tmp.resolve("fresh.yaml");
        Files.writeString(freshConfig, config(tmp.resolve("fresh-data")));
        app = App.open(daemonConfig, Map.of());
        daemon = new Daemon(app);
        daemon.start();
        assertThat(driftSchedules()).containsExactly("drift:infra/hello");
    }

    @AfterAll
    void stop() {
        if (daemon != null) {
            daemon.close();
        }
        if (git != null) {
            git.close();
        }
    }

    @TestFactory
    Stream<DynamicTest> every_bad_settings_file_is_reported_and_the_last_valid_settings_stay() {
        List<BadInput.Case> cases = BadInput.load("repo-settings");
        assertThat(cases).hasSizeGreaterThanOrEqualTo(90);
        List<DynamicTest> tests = new ArrayList<>();
        for (BadInput.Case c : cases) {
            tests.add(DynamicTest.dynamicTest("pushed: " + c.name(), () -> pushedToTheRunningDaemon(c)));
            tests.add(DynamicTest.dynamicTest("at start: " + c.name(), () -> readByACommandAtStart(c)));
        }
        return tests.stream();
    }

    private void pushedToTheRunningDaemon(BadInput.Case c) throws Exception {
        writeCase(c);
        String commit = commit(c.name());
        assertTimeoutPreemptively(HANG, () -> {
            daemon.poll("infra");
            await().atMost(HANG).pollInterval(Duration.ofMillis(20)).until(() ->
                    app.catalog.current("infra").revision().commit().equals(commit));
        }, c + ": the daemon did not take the push in time");
        var view = app.catalog.current("infra");
        BadInput.assertCleanError(c.toString(), view.settingsError(), names(c));
        assertThat(view.settings()).as(c + ": the last valid settings stay in force").isNotNull();
        assertThat(view.settings().workspace("hello")).as(c + ": workspace hello is kept").isPresent();
        assertThat(driftSchedules()).as(c + ": the drift schedule is kept").containsExactly("drift:infra/hello");
        assertThat(app.db.runs().list(Optional.empty(), 10)).as(c + ": nothing was planned").isEmpty();
    }

    private void readByACommandAtStart(BadInput.Case c) throws Exception {
        CommandRun run = CommandRun.of(c.toString(), HANG, "plan", "-c", freshConfig.toString(), "infra/hello");
        assertThat(run.exit()).as(c + ": exit code; stderr: " + run.err()).isEqualTo(1);
        BadInput.assertCleanError(c.toString(), run.err(), names(c));
    }

    private static List<String> names(BadInput.Case c) {
        List<String> names = new ArrayList<>(c.expected());
        names.add(0, c.header("file", "infra/.plumbline.yaml"));
        return names;
    }

    private List<String> driftSchedules() {
        return daemon.schedules().stream().map(ScheduledInfo::key).filter(k -> k.startsWith("drift:")).toList();
    }

    private String config(Path data) {
        return "data_dir: " + data + "\npoll_interval: 1h\nrepos:\n  - name: infra\n    url: " + bare.toUri() + "\n";
    }

    /** The work tree of one case: the base workspace, the case's settings file and its extra files. */
    private void writeCase(BadInput.Case c) throws IOException {
        writeTree(null);
        Path settings = work.resolve(".plumbline.yaml");
        switch (c.header("kind", "file")) {
            case "directory" -> Files.write(Files.createDirectories(settings).resolve("inside.yaml"), c.input());
            case "link-out" -> Files.createSymbolicLink(settings, Path.of("/etc/hostname"));
            case "link-in" -> {
                Files.write(work.resolve("settings.yaml"), c.input());
                Files.createSymbolicLink(settings, Path.of("settings.yaml"));
            }
            default -> Files.write(settings, c.input());
        }
        for (String key : List.of("tf", "tf2")) {
            String tf = c.headers().get(key);
            if (tf != null) {
                write(new String(BadInput.expand(tf), StandardCharsets.UTF_8), "resource \"terraform_data\" \"x\" {}\n");
            }
        }
        String big = c.headers().get("big");
        if (big != null) {
            write(big, "#" + " ".repeat(9 * 1024 * 1024) + "\n");
        }
        String link = c.headers().get("link");
        if (link != null) {
            String[] parts = link.split(" -> ");
            Path at = work.resolve(parts[0]);
            Files.createDirectories(at.getParent());
            Files.createSymbolicLink(at, Path.of(parts[1]));
        }
    }

    private void writeTree(String settings) throws IOException {
        try (var files = Files.list(work)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (!p.getFileName().toString().equals(".git")) {
                    Dirs.deleteRecursively(p);
                }
            }
        }
        write("workspaces/hello/main.tf", "resource \"terraform_data\" \"hello\" {\n  input = \"hello\"\n}\n");
        write("modules/text/main.tf", "variable \"text\" {}\n");
        if (settings != null) {
            write(".plumbline.yaml", settings);
        }
    }

    private void write(String path, String content) throws IOException {
        Path f = work.resolve(path);
        Files.createDirectories(f.getParent());
        Files.writeString(f, content);
    }

    private String commit(String message) throws Exception {
        git.add().addFilepattern(".").call();
        git.add().setUpdate(true).addFilepattern(".").call();
        String id = git.commit().setMessage(message).setAuthor("Test", "test@plumbline.invalid")
                .setCommitter("Test", "test@plumbline.invalid").setSign(false).setAllowEmpty(true).call().getName();
        git.push().setRemote(bare.toUri().toString()).add("main").call();
        return id;
    }
}
