package dev.plumbline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.http.RequestMethod;
import dev.plumbline.store.PullRequestPlan;
import dev.plumbline.testing.GitHubDouble;
import dev.plumbline.testing.GitLabDouble;
import dev.plumbline.testing.HostDouble;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Webhook deliveries at the daemon's HTTP server: only verified ones are stored, and each is acted on once. */
class WebhookDeliveryIT {
    @TempDir
    Path tmp;

    private PullRequestDaemon daemon;

    @AfterEach
    void stop() {
        if (daemon != null) {
            daemon.close();
        }
    }

    private String pullRequestOnCharlie(int number) throws Exception {
        daemon.repo.branch("charlie-" + number).write("workspaces/charlie/extra.tf",
                "output \"note\" {\n  value = \"pull request " + number + "\"\n}\n").commit("Charlie output");
        return daemon.publish(number, "charlie-" + number, false, true);
    }

    @Test
    void a_wrongly_signed_or_unsigned_delivery_gets_401_and_nothing_is_stored_or_changed() throws Exception {
        daemon = PullRequestDaemon.start(tmp, new GitHubDouble());
        String head = pullRequestOnCharlie(1);
        HostDouble.Delivery opened = daemon.host.opened(1, head, "charlie-1");

        HttpResponse<String> wrong = daemon.deliver(opened, "delivery-1", "not-the-secret");
        HttpResponse<String> unsigned = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                daemon.url("/webhooks/github")).header("X-GitHub-Event", "pull_request")
                .header("X-GitHub-Delivery", "delivery-2").POST(HttpRequest.BodyPublishers.ofByteArray(opened.body()))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(unsigned.statusCode()).isEqualTo(401);
        Thread.sleep(1_000); // anything wrongly handed over would have started by now
        assertThat(daemon.app.db.webhookDeliveries().count()).isZero();
        assertThat(daemon.app.db.pullRequestPlans().ofPullRequest("infra", 1, PullRequestPlan.Status.values()))
                .isEmpty();
        assertThat(daemon.app.db.runs().list(Optional.empty(), 10)).isEmpty();
        assertThat(daemon.host.api.getAllServeEvents()).as("only the polls' reads reached the host")
                .allMatch(e -> RequestMethod.GET.equals(e.getRequest().getMethod()));
    }

    @Test
    void a_rightly_signed_delivery_is_acted_on_exactly_once_even_when_delivered_twice() throws Exception {
        daemon = PullRequestDaemon.start(tmp, new GitHubDouble());
        String head = pullRequestOnCharlie(1);
        HostDouble.Delivery opened = daemon.host.opened(1, head, "charlie-1");

        HttpResponse<String> first = daemon.deliver(opened, "delivery-7", PullRequestDaemon.SECRET);
        HttpResponse<String> again = daemon.deliver(opened, "delivery-7", PullRequestDaemon.SECRET);

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(daemon.reviewed(1, head, 1)).singleElement().satisfies(row -> {
            assertThat(row.workspace()).isEqualTo("charlie");
            assertThat(row.status()).isEqualTo(PullRequestPlan.Status.PLANNED);
        });
        await().atMost(PullRequestDaemon.PATIENCE).until(() -> daemon.lastReport(1).contains("| `charlie` | 2 |"));
        assertThat(daemon.app.db.webhookDeliveries().count()).isEqualTo(1);
        assertThat(daemon.app.db.pullRequestPlans().ofPullRequest("infra", 1, PullRequestPlan.Status.values()))
                .hasSize(1);
        assertThat(daemon.host.createdComments(1)).hasSize(1);
        assertThat(daemon.app.db.runs().list(Optional.empty(), 10)).hasSize(1);
    }

    @Test
    void a_gitlab_delivery_needs_the_secret_token() throws Exception {
        daemon = PullRequestDaemon.start(tmp, new GitLabDouble());
        String head = pullRequestOnCharlie(3);
        HostDouble.Delivery opened = daemon.host.opened(3, head, "charlie-3");

        assertThat(daemon.deliver(opened, "uuid-1", "guessed-token").statusCode()).isEqualTo(401);
        assertThat(daemon.app.db.webhookDeliveries().count()).isZero();
        assertThat(daemon.deliver(opened, "uuid-1", PullRequestDaemon.SECRET).statusCode()).isEqualTo(202);
        assertThat(daemon.reviewed(3, head, 1)).extracting(PullRequestPlan::workspace).containsExactly("charlie");
    }

    @Test
    void deliveries_left_unprocessed_by_a_crash_are_processed_on_start() throws Exception {
        daemon = PullRequestDaemon.start(tmp, new GitHubDouble());
        String head = pullRequestOnCharlie(4);
        // stored as the HTTP side stores it, then the daemon "crashed" before acting on it
        long id = daemon.app.db.webhookDeliveries().record("github", "infra", "delivery-crash", "pull_request",
                new String(daemon.host.opened(4, head, "charlie-4").body(), java.nio.charset.StandardCharsets.UTF_8))
                .orElseThrow();
        daemon.daemon.close();
        HostDouble host = daemon.host;
        daemon = restart(host);

        assertThat(daemon.reviewed(4, head, 1)).extracting(PullRequestPlan::workspace).containsExactly("charlie");
        assertThat(daemon.app.db.webhookDeliveries().find(id).orElseThrow().status()).isEqualTo("done");
    }

    @Test
    void the_run_page_and_health_check_answer() throws Exception {
        daemon = PullRequestDaemon.start(tmp, new GitHubDouble());
        String head = pullRequestOnCharlie(5);
        daemon.deliver(daemon.host.opened(5, head, "charlie-5"));
        long runId = daemon.reviewed(5, head, 1).get(0).runId();

        HttpResponse<String> page = daemon.get("/runs/" + runId);

        assertThat(daemon.get("/healthz").statusCode()).isEqualTo(200);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith(
                "text/plain"));
        assertThat(page.body()).contains("Run " + runId + ": plan of infra/charlie", "Trigger: pull_request",
                "Commit: " + head, "2 to add");
        assertThat(daemon.get("/runs/999999").statusCode()).isEqualTo(404);
    }

    @Test
    void a_body_over_the_limit_is_refused() throws Exception {
        daemon = PullRequestDaemon.start(tmp, new GitHubDouble());
        byte[] huge = new byte[6 * 1024 * 1024];
        java.util.Arrays.fill(huge, (byte) ' ');

        HttpResponse<String> r = daemon.deliver(new HostDouble.Delivery("push", huge), "big",
                PullRequestDaemon.SECRET);

        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(daemon.app.db.webhookDeliveries().count()).isZero();
    }

    /** A second daemon on the same data directory, host double and repository. */
    private PullRequestDaemon restart(HostDouble host) throws Exception {
        return PullRequestDaemon.restart(daemon, host);
    }
}
