package dev.plumbline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plumbline.domain.Run;
import dev.plumbline.domain.RunKind;
import dev.plumbline.domain.RunStatus;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.store.WorkItem;
import dev.plumbline.store.WorkKind;
import dev.plumbline.store.WorkState;
import dev.plumbline.testing.GeneratedInfra;
import dev.plumbline.testing.GitHubDouble;
import dev.plumbline.testing.HostDouble;
import dev.plumbline.testing.InfraRepo;
import dev.plumbline.vcs.PullRequest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code serve} process on H2, killed with SIGKILL (with the tools it started) at the moments a change is
 * most easily lost, and started again: the change Git asks for is applied after the restart.
 */
class CrashRecoveryIT {
    private static final Duration PATIENCE = Duration.ofMinutes(3);
    private static final String SECRET = "hook-secret-crash-5b1e";

    @TempDir
    Path tmp;

    private ServeProcess serve;

    @AfterEach
    void stop() throws Exception {
        if (serve != null) {
            serve.close();
        }
        // tofu does not pass its interrupt on to what a provisioner started, so a sleep can outlive the stop.
        ProcessHandle.allProcesses().filter(p -> marked(p, tmp.toString())).forEach(ProcessHandle::destroyForcibly);
    }

    private static boolean marked(ProcessHandle p, String mark) {
        try {
            byte[] env = Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "environ"));
            return new String(env, StandardCharsets.ISO_8859_1).contains("PLUMBLINE_TEST_MARK=" + mark + "\0");
        } catch (IOException | SecurityException e) {
            return false; // gone, or not ours
        }
    }

    private static List<Run> applies(ServeProcess daemon, WorkspaceId ws) {
        return daemon.store(db -> db.runs().list(Optional.of(ws), 100)).stream()
                .filter(r -> r.kind() == RunKind.APPLY).toList();
    }

    @Test
    void a_merge_whose_webhook_was_answered_just_before_a_kill_is_applied_after_the_restart() throws Exception {
        Path managed = Files.createDirectories(tmp.resolve("managed"));
        WorkspaceId charlie = new WorkspaceId("infra", "charlie");
        try (HostDouble host = new GitHubDouble();
             GeneratedInfra repo = GeneratedInfra.create(tmp, managed, "canary-crash")) {
            int port = ServeProcess.freePort();
            Path config = tmp.resolve("plumbline.yaml");
            Files.writeString(config, """
                    data_dir: %s
                    http: {bind: 127.0.0.1, port: %d}
                    poll_interval: 1h
                    repos:
                      - name: infra
                        url: %s
                        branch: main
                        vcs:
                          provider: %s
                          api_url: %s
                          project: %s
                          token_env: PLUMBLINE_TEST_VCS_TOKEN
                          webhook_secret_env: PLUMBLINE_TEST_WEBHOOK_SECRET
                    """.formatted(tmp.resolve("data"), port, repo.bare.toUri(), host.provider(), host.apiUrl(),
                    host.project()));
            Map<String, String> env = Map.of("PLUMBLINE_TEST_VCS_TOKEN", "token-crash",
                    "PLUMBLINE_TEST_WEBHOOK_SECRET", SECRET);
            serve = ServeProcess.start(config, env, "first").awaitHealthy(port);
            await().atMost(PATIENCE).until(() -> serve.store(db -> db.repoHeads().lastSeen("infra")).isPresent());

            repo.branch("charlie-v2").write("workspaces/charlie/main.tf", repo.read("workspaces/charlie/main.tf")
                    .replace("charlie is ${", "charlie v2 is ${")).commit("Charlie v2");
            String head = repo.head("charlie-v2");
            String merge = repo.mergeIntoMain("charlie-v2");
            host.pullRequest(1, head, "charlie-v2", PullRequest.State.MERGED, false, true);
            assertThat(deliver(host, port, host.push(merge))).isEqualTo(202);
            assertThat(deliver(host, port, host.closed(1, head, "charlie-v2", true))).isEqualTo(202);
            serve.kill();

            serve = ServeProcess.start(config, env, "second").awaitHealthy(port);

            await().atMost(PATIENCE).until(() -> Files.exists(managed.resolve("charlie.txt")));
            assertThat(managed.resolve("charlie.txt")).content().startsWith("charlie v2 is ");
            await().atMost(PATIENCE).until(() -> applies(serve, charlie).stream()
                    .anyMatch(r -> r.status() == RunStatus.SUCCEEDED));
            assertThat(applies(serve, charlie)).as("applied once").filteredOn(r -> r.status() == RunStatus.SUCCEEDED)
                    .hasSize(1);
        }
    }

    @Test
    void a_head_seen_by_a_poll_just_before_a_kill_is_planned_and_applied_after_the_restart() throws Exception {
        Path managed = Files.createDirectories(tmp.resolve("managed"));
        WorkspaceId hello = new WorkspaceId("infra", "hello");
        try (InfraRepo repo = InfraRepo.withExamples(tmp, """
                autodiscover: false
                workspaces:
                  - name: hello
                    dir: workspaces/hello
                    apply: auto
                    variables: {output_dir: "%s"}
                  - name: slow
                    dir: workspaces/slow
                    apply: auto
                """.formatted(managed))) {
            repo.write("workspaces/slow/main.tf", "resource \"terraform_data\" \"wait\" {}\n").commit("Slow, idle");
            int port = ServeProcess.freePort();
            Path config = tmp.resolve("plumbline.yaml");
            String common = repo.daemonConfig("infra", tmp.resolve("data")) + "http: {bind: 127.0.0.1, port: " + port
                    + "}\npoll_interval: 1s\n";
            // one run at a time: while slow applies, the plan the next poll queues for hello cannot start
            Files.writeString(config, common + "max_concurrent_runs: 1\n");
            serve = ServeProcess.start(config, Map.of(), "first").awaitHealthy(port);
            await().atMost(PATIENCE).until(() -> serve.store(db -> db.repoHeads().lastSeen("infra")).isPresent());

            repo.write("workspaces/slow/main.tf", """
                    resource "terraform_data" "wait" {
                      provisioner "local-exec" {
                        command     = "sleep 120"
                        environment = { PLUMBLINE_TEST_MARK = "%s" }
                      }
                    }
                    """.formatted(tmp)).commit("A workspace whose apply takes two minutes");
            await().atMost(PATIENCE).until(() -> applies(serve, new WorkspaceId("infra", "slow")).stream()
                    .anyMatch(r -> r.status() == RunStatus.RUNNING));
            String changed = repo.write("workspaces/hello/main.tf", repo.read("workspaces/hello/main.tf")
                    .replace("Hello from ${", "Hello again from ${")).commit("Greet again");
            await().atMost(PATIENCE).until(() -> serve.store(db -> db.repoHeads().lastSeen("infra"))
                    .filter(changed::equals).isPresent());
            assertThat(queuedPlansOf(serve, hello)).as("queued with the head, not yet run").singleElement()
                    .satisfies(w -> assertThat(w.state()).isEqualTo(WorkState.QUEUED));
            serve.kill();

            Files.writeString(config, common + "max_concurrent_runs: 2\n");
            serve = ServeProcess.start(config, Map.of(), "second").awaitHealthy(port);

            await().atMost(PATIENCE).until(() -> Files.exists(managed.resolve("hello.txt")));
            assertThat(managed.resolve("hello.txt")).content().startsWith("Hello again from ");
            // the file is written by the apply; the work row is finished just after it
            await().atMost(PATIENCE).until(() -> queuedPlansOf(serve, hello).stream()
                    .allMatch(w -> w.state() != WorkState.CLAIMED));
            assertThat(queuedPlansOf(serve, hello)).as("the queued plan itself ran, once").singleElement()
                    .satisfies(w -> assertThat(w.state()).isEqualTo(WorkState.DONE));
        }
    }

    private static List<WorkItem> queuedPlansOf(ServeProcess daemon, WorkspaceId ws) {
        return daemon.store(db -> db.queuedWork().ofWorkspace(ws, 100)).stream()
                .filter(i -> i.work().kind() == WorkKind.PLAN).toList();
    }

    private static int deliver(HostDouble host, int port, HostDouble.Delivery d) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + host.webhookPath())).POST(HttpRequest.BodyPublishers.ofByteArray(d.body()));
        host.headers(d.event(), UUID.randomUUID().toString(), d.body(), SECRET).forEach(request::header);
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
