package dev.plumbline.cli;

import static org.awaitility.Awaitility.await;

import dev.plumbline.auth.Role;
import dev.plumbline.auth.Tokens;
import dev.plumbline.store.PullRequestPlan;
import dev.plumbline.testing.GeneratedInfra;
import dev.plumbline.testing.HostDouble;
import dev.plumbline.vcs.PullRequest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The real daemon with its HTTP server, following a {@link GeneratedInfra} repository whose pull requests live on a
 * {@link HostDouble}: the test opens pull requests by pushing to the host's pull request refs and delivering the
 * host's webhooks to the daemon.
 */
final class PullRequestDaemon implements AutoCloseable {
    static final String TOKEN = "tok-canary-never-posted-71c3";
    static final String SECRET = "hook-canary-never-posted-2e9d";
    static final String CANARY = "CANARY-sensitive-d41d8cd98f";
    static final Duration PATIENCE = Duration.ofMinutes(3);

    final HostDouble host;
    final GeneratedInfra repo;
    final Path managed;
    final App app;
    final Daemon daemon;
    final int port;
    private final Path configFile;
    private final Map<String, String> env;
    private final HttpClient http = HttpClient.newHttpClient();

    private PullRequestDaemon(HostDouble host, GeneratedInfra repo, Path managed, Path configFile,
                              Map<String, String> env) {
        this.host = host;
        this.repo = repo;
        this.managed = managed;
        this.configFile = configFile;
        this.env = env;
        this.app = App.open(configFile, env);
        this.daemon = new Daemon(app);
        daemon.start();
        this.port = daemon.startHttp();
    }

    /** A new daemon on the data directory, repository and host of {@code stopped}, whose daemon was closed. */
    static PullRequestDaemon restart(PullRequestDaemon stopped, HostDouble host) {
        return new PullRequestDaemon(host, stopped.repo, stopped.managed, stopped.configFile, stopped.env);
    }

    static PullRequestDaemon start(Path tmp, HostDouble host) throws Exception {
        return start(tmp, host, "", repo -> { });
    }

    /** What a test does to the repository before the daemon first reads it. */
    interface Preparation {
        void prepare(GeneratedInfra repo) throws Exception;
    }

    /** With {@code extraConfig} appended to the daemon config, and the repository prepared first. */
    static PullRequestDaemon start(Path tmp, HostDouble host, String extraConfig, Preparation preparation)
            throws Exception {
        Path managed = Files.createDirectories(tmp.resolve("managed"));
        GeneratedInfra repo = GeneratedInfra.create(tmp, managed, CANARY);
        preparation.prepare(repo);
        Path config = tmp.resolve("plumbline.yaml");
        Files.writeString(config, """
                data_dir: %s
                http: {bind: 127.0.0.1, port: 0}
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
                      apply_on_comment: true
                """.formatted(tmp.resolve("data"), repo.bare.toUri(), host.provider(), host.apiUrl(),
                host.project()) + extraConfig);
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("PLUMBLINE_TEST_VCS_TOKEN", TOKEN);
        env.put("PLUMBLINE_TEST_WEBHOOK_SECRET", SECRET);
        return new PullRequestDaemon(host, repo, managed, config, env);
    }

    /** Pushes the branch's head as pull request {@code number}, tells the host double about it; returns the head. */
    String publish(int number, String branch, boolean approved, boolean mergeable) throws Exception {
        String head = repo.head(branch);
        repo.push(branch);
        repo.publish(branch, host.pullRequestRef(number));
        host.pullRequest(number, head, branch, PullRequest.State.OPEN, approved, mergeable);
        return head;
    }

    HttpResponse<String> deliver(HostDouble.Delivery d) throws IOException, InterruptedException {
        return deliver(d, UUID.randomUUID().toString(), SECRET);
    }

    HttpResponse<String> deliver(HostDouble.Delivery d, String deliveryId, String secret)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url(host.webhookPath()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(d.body()));
        host.headers(d.event(), deliveryId, d.body(), secret).forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** GET with a viewer's token: run pages, like the API, are for authenticated callers. */
    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        if (viewerToken == null) {
            viewerToken = new Tokens(app.db).create("it-viewer-" + System.nanoTime(), Role.VIEWER, "test").text();
        }
        return http.send(HttpRequest.newBuilder(url(path)).header("Authorization", "Bearer " + viewerToken).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private String viewerToken;

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** The reviews of pull request {@code number} at {@code head}, once none of them is still planning. */
    List<PullRequestPlan> reviewed(int number, String head, int workspaces) {
        return await().atMost(PATIENCE).pollInterval(Duration.ofMillis(300)).until(
                () -> app.db.pullRequestPlans().atHead("infra", number, head),
                rows -> rows.size() == workspaces
                        && rows.stream().noneMatch(r -> r.status() == PullRequestPlan.Status.PLANNING));
    }

    /** Waits until the report comment of {@code number} has been sent (created or edited) {@code times} times. */
    List<String> reports(int number, int times) {
        return await().atMost(PATIENCE).pollInterval(Duration.ofMillis(300)).until(() -> {
            List<String> all = new java.util.ArrayList<>(host.createdComments(number));
            all.addAll(host.editedComments(host.commentId(number)));
            return all;
        }, all -> all.size() >= times);
    }

    /** The last report comment body sent for {@code number}. */
    String lastReport(int number) {
        List<String> edited = host.editedComments(host.commentId(number));
        if (!edited.isEmpty()) {
            return edited.get(edited.size() - 1);
        }
        List<String> created = host.createdComments(number);
        return created.isEmpty() ? "" : created.get(created.size() - 1);
    }

    Path managed(String file) {
        return managed.resolve(file);
    }

    @Override
    public void close() {
        daemon.close();
        repo.close();
        host.close();
    }
}
