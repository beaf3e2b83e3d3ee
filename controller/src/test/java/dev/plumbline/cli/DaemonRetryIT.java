package dev.plumbline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.domain.Run;
import dev.plumbline.domain.RunKind;
import dev.plumbline.domain.RunStatus;
import dev.plumbline.domain.Trigger;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.reconcile.Attempt;
import dev.plumbline.testing.InfraRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failed run is recorded, retried with backoff up to max_attempts, and each retry names the run it retries. */
class DaemonRetryIT {
    @TempDir
    Path tmp;

    @Test
    void a_failing_run_is_retried_with_backoff_and_never_lost() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("managed"));
        try (InfraRepo repo = InfraRepo.withExamples(tmp, "autodiscover: false\nworkspaces:\n  - name: hello\n"
                + "    dir: workspaces/hello\n    apply: auto\n    variables: {output_dir: \"" + out + "\"}\n")) {
            // A syntax error: every attempt fails in init, the same way.
            repo.write("workspaces/hello/broken.tf", "resource \"local_file\" \"x\" {\n");
            repo.commit("Break hello");
            Path config = tmp.resolve("plumbline.yaml");
            Files.writeString(config, repo.daemonConfig("infra", tmp.resolve("data"))
                    + "retry: {max_attempts: 3, initial_backoff: 1s, max_backoff: 2s}\n");
            WorkspaceId hello = new WorkspaceId("infra", "hello");
            App app = App.open(config);
            Daemon daemon = new Daemon(app);
            try {
                daemon.start();
                daemon.submit(hello, RunKind.PLAN, Trigger.MANUAL, Attempt.FIRST);

                Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> finished(app, hello).size() == 3);
                List<Run> runs = finished(app, hello);
                assertThat(runs).extracting(Run::status).containsOnly(RunStatus.FAILED);
                assertThat(runs).extracting(Run::attempt).containsExactly(3, 2, 1);
                assertThat(runs).extracting(Run::trigger).containsExactly(Trigger.RETRY, Trigger.RETRY, Trigger.MANUAL);
                assertThat(runs.get(0).retryOf()).isEqualTo(runs.get(1).id());
                assertThat(runs.get(1).retryOf()).isEqualTo(runs.get(2).id());
                assertThat(Duration.between(runs.get(2).times().finishedAt(), runs.get(1).times().startedAt()))
                        .isGreaterThanOrEqualTo(Duration.ofMillis(900));
                assertThat(runs.get(0).errorMessage()).contains("init");
                // No fourth attempt: max_attempts is 3.
                Thread.sleep(3000);
                assertThat(finished(app, hello)).hasSize(3);
            } finally {
                daemon.close();
            }
        }
    }

    private static List<Run> finished(App app, WorkspaceId ws) {
        return app.db.runs().list(Optional.of(ws), 20).stream().filter(r -> r.status().isFinal()).toList();
    }
}
