package dev.plumbline.cli;

import dev.plumbline.auth.Role;
import dev.plumbline.console.SignInLink;
import dev.plumbline.domain.Classification;
import dev.plumbline.domain.Trigger;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.reconcile.Attempt;
import dev.plumbline.reconcile.Outcome;
import dev.plumbline.runner.Cancellation;
import dev.plumbline.util.Dirs;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The main job on the embedded default: makes the example repository (workspaces/ and modules/) a local Git
 * repository, applies it, runs a drift check and says what to try next; then makes a drift by hand and serves the
 * daemon with its console, printing the console's address and a one-time sign-in link.
 */
@Command(name = "demo", description = "Apply the example repository from a local Git repo, check it for drift, and show what to try next.")
final class DemoCommand implements Callable<Integer> {
    static final String SETTINGS = """
            # Example settings: hello heals itself, team-settings only reports drift. The other examples need
            # settings of their own (s3-state: a bucket), so they are not discovered here.
            autodiscover: false
            workspaces:
              - name: hello
                dir: workspaces/hello
                drift:
                  schedule: "* * * * *"
                  on_drift: remediate
                apply: auto
                variables:
                  output_dir: "%1$s"
              - name: team-settings
                dir: workspaces/team-settings
                drift:
                  schedule: "*/5 * * * *"
                  on_drift: report
                apply: auto
                variables:
                  output_dir: "%1$s"
            """;

    @Spec CommandSpec spec;

    @Option(names = "--dir", description = "Where the demo lives (default: <data dir>/demo).")
    Path dir;

    @Option(names = "--example", description = "The example repository (default: the Plumbline checkout).")
    Path example;

    @Option(names = "--no-serve", description = "End after the drift check instead of serving the console.")
    boolean noServe;

    @Override
    public Integer call() throws IOException, GitAPIException, InterruptedException {
        Path home = (dir != null ? dir : DataDir.resolve(null, System.getenv()).resolve("demo")).toAbsolutePath();
        Path source = example != null ? example : exampleRoot();
        Path bare = home.resolve("infra.git");
        Path managed = Dirs.createPrivate(home.resolve("managed"));
        Path config = home.resolve("plumbline.yaml");
        PrintWriter out = spec.commandLine().getOut();
        if (!Files.isDirectory(bare)) {
            publish(source, bare, managed);
            out.println("created the Git repository " + bare.toUri() + " from " + source.resolve("workspaces") + " and "
                    + source.resolve("modules"));
        }
        Files.writeString(config, "# Daemon config of the demo.\ndata_dir: " + home.resolve("data") + "\nrepos:\n"
                + "  - name: demo\n    url: " + bare.toUri() + "\n    branch: main\npoll_interval: 30s\n"
                + "policies:\n  sets:\n    - name: protected    # a plan that deletes or replaces a pet waits for an"
                + " operator\n      builtin: protected\n      params: {types: [random_pet]}\n");
        out.println("daemon config: " + config);
        out.flush();
        int code = 0;
        try (App app = App.open(config)) {
            List<WorkspaceId> all = app.catalog.refresh("demo").settings().workspaces().stream().map(w -> w.id()).toList();
            out.println("\n== reconcile: bring every workspace to Git's state");
            for (Outcome o : WorkspaceCommands.forEach(spec, all, false, false, app.config.maxConcurrentRuns(),
                    (ws, stop) -> app.reconciler.reconcile(ws, Trigger.MANUAL, Attempt.FIRST, stop))) {
                out.println("  " + OutcomeView.of(o).line());
                code = WorkspaceCommands.failed(o) ? 1 : code;
            }
            out.println("\n== drift check");
            for (Outcome o : WorkspaceCommands.forEach(spec, all, false, false, app.config.maxConcurrentRuns(),
                    (ws, stop) -> app.reconciler.driftCheck(ws, Trigger.MANUAL, Attempt.FIRST, stop))) {
                out.println("  " + OutcomeView.of(o).line());
                code = WorkspaceCommands.failed(o) ? 1 : o.plan().classification() == Classification.DRIFTED ? 2 : code;
            }
        }
        String cli = "./plumbline";
        out.printf("""

                Plumbline manages the files in %1$s from %2$s.
                Try next:
                  echo "edited by hand" > %1$s/hello.txt
                  %3$s drift demo/hello --config %4$s      # drift found (exit 2); on_drift: remediate heals it
                  %3$s drift --all --config %4$s --json    # team-settings only reports (on_drift: report)
                  %3$s runs --config %4$s
                  %3$s serve --config %4$s                 # the daemon and its console
                """, managed, bare.toUri(), cli, config);
        out.flush();
        if (noServe) {
            return code;
        }
        return serveConsole(config, managed, out);
    }

    /**
     * Removes a file team-settings manages and checks it, so that the console opens on a workspace that drifted and
     * a plan waiting for approval (team-settings only reports drift); then serves the daemon and its console, and
     * prints where it listens with a one-time sign-in link, until Ctrl-C.
     */
    private int serveConsole(Path config, Path managed, PrintWriter out) throws IOException, InterruptedException {
        App app = App.open(config);
        WorkspaceId team = new WorkspaceId("demo", "team-settings");
        Files.deleteIfExists(managed.resolve("payments.conf"));
        out.println("\n== drift made by hand: removed " + managed.resolve("payments.conf") + "; the daemon checks "
                + team);
        out.flush();
        return ServeCommand.serve(app, port -> {
            // checked here, once this process runs as the daemon, which owns the run
            Outcome check = app.reconciler.driftCheck(team, Trigger.MANUAL, Attempt.FIRST, Cancellation.none());
            out.println("  " + OutcomeView.of(check).line());
            URI base = URI.create(App.baseUrl(app.config, port));
            URI link = SignInLink.create(app.db, base, RunCommands.user(), Role.OPERATOR, Duration.ofHours(1),
                    Clock.systemUTC());
            out.printf("""

                    The daemon is running (Ctrl-C stops it). Its console:
                      %1$s/
                    Sign in as an operator with this one-time link (good for an hour):
                      %2$s
                    Another link: %3$s console link --config %4$s --role operator
                    There, team-settings has drifted: open its last check, approve the plan and apply it.
                    """, base, link, "./plumbline", config);
            out.flush();
        });
    }

    private static Path exampleRoot() {
        String home = System.getenv("PLUMBLINE_HOME");
        Path root = home != null ? Path.of(home) : Path.of("").toAbsolutePath();
        if (!Files.isDirectory(root.resolve("workspaces")) || !Files.isDirectory(root.resolve("modules"))) {
            throw new IllegalArgumentException("demo: no example repository at " + root
                    + " (expected workspaces/ and modules/); run it from the Plumbline checkout or pass --example");
        }
        return root;
    }

    /** A bare repository holding workspaces/, modules/ and the demo's .plumbline.yaml, one commit on main. */
    private static void publish(Path source, Path bare, Path managed) throws IOException, GitAPIException {
        Path work = Files.createTempDirectory("plumbline-demo");
        try {
            for (String top : List.of("workspaces", "modules")) {
                copy(source.resolve(top), work.resolve(top));
            }
            Files.writeString(work.resolve(".plumbline.yaml"), SETTINGS.formatted(managed));
            Git.init().setBare(true).setInitialBranch("main").setDirectory(bare.toFile()).call().close();
            try (Git git = Git.init().setInitialBranch("main").setDirectory(work.toFile()).call()) {
                git.add().addFilepattern(".").call();
                git.commit().setMessage("Example infrastructure").setAuthor("Plumbline demo", "demo@plumbline.invalid")
                        .setCommitter("Plumbline demo", "demo@plumbline.invalid").setSign(false).call();
                git.push().setRemote(bare.toUri().toString()).add("main").call();
            }
        } finally {
            Dirs.deleteRecursively(work);
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path rel = from.relativize(f);
                if (rel.toString().contains(".terraform") || rel.toString().endsWith(".tfstate")) {
                    continue;
                }
                Path t = to.resolve(rel.toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(f, t);
                }
            }
        }
    }
}
