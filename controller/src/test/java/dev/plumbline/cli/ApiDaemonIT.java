package dev.plumbline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plumbline.auth.Role;
import dev.plumbline.auth.Tokens;
import dev.plumbline.domain.Run;
import dev.plumbline.domain.RunKind;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.testing.GitHubDouble;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API and the metrics of the real daemon, over real tofu and providers: a plan and a drift check asked for over
 * the API run through the queue, the fleet shows the drift, the audit log names the token that asked, and the
 * metrics scraped afterwards count what happened.
 */
class ApiDaemonIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final WorkspaceId ALPHA = new WorkspaceId("infra", "alpha");

    @TempDir
    Path tmp;

    private PullRequestDaemon daemon;
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        if (daemon != null) {
            daemon.close();
        }
    }

    @Test
    void a_drift_check_asked_for_over_the_api_shows_in_the_fleet_the_audit_log_and_the_metrics() throws Exception {
        daemon = PullRequestDaemon.start(tmp, new GitHubDouble());
        Tokens tokens = new Tokens(daemon.app.db);
        String operator = tokens.create("ops-bot", Role.OPERATOR, "test").text();
        String viewer = tokens.create("dashboard", Role.VIEWER, "test").text();

        HttpResponse<String> planned = post("/api/v1/workspaces/infra/alpha/plans", operator);
        assertThat(planned.statusCode()).as(planned.body()).isEqualTo(202);
        Run apply = awaitRun(RunKind.APPLY);
        assertThat(apply.status().wire()).isEqualTo("succeeded");
        Path file = daemon.managed.resolve("alpha.txt");
        Files.writeString(file, "changed by hand\n");

        HttpResponse<String> checked = post("/api/v1/workspaces/infra/alpha/drift-checks", operator);
        assertThat(checked.statusCode()).as(checked.body()).isEqualTo(202);
        Run check = awaitRun(RunKind.DRIFT_CHECK);
        assertThat(check.classification().wire()).isEqualTo("drifted");

        JsonNode alpha = JSON.readTree(get("/api/v1/workspaces/infra/alpha", viewer).body());
        assertThat(alpha.path("condition").asText()).isEqualTo("drifted");
        assertThat(alpha.path("last_check").path("run_id").asLong()).isEqualTo(check.id());
        assertThat(alpha.path("drifted_since").asText()).isNotEmpty();
        assertThat(alpha.path("drifted_addresses").toString()).contains("local_file.this");
        JsonNode fleet = JSON.readTree(get("/api/v1/workspaces?condition=drifted", viewer).body());
        assertThat(fleet.path("workspaces")).hasSize(1);

        JsonNode audit = JSON.readTree(get("/api/v1/audit?workspace=infra/alpha", viewer).body());
        assertThat(audit.path("events").toString()).contains("\"actor\":\"ops-bot\"")
                .contains("\"via\":\"token:ops-bot\"").contains("drift_check.requested");

        String metrics = get("/metrics", viewer).body();
        assertThat(metrics).contains("plumbline_workspaces{condition=\"drifted\"} 1.0")
                .contains("plumbline_drift_detected_total 1.0")
                .contains("plumbline_runs{kind=\"drift_check\",status=\"succeeded\"} 1.0")
                .contains("plumbline_runs{kind=\"apply\",status=\"succeeded\"} 1.0")
                .contains("plumbline_queue_depth{kind=\"drift_check\"} 0.0")
                .containsPattern("plumbline_workspace_last_success_age_seconds\\{workspace=\"infra/alpha\"} \\d")
                .containsPattern("plumbline_runs_finished_total\\{kind=\"drift_check\"} 1.0")
                .containsPattern("plumbline_http_requests_seconds_count\\{method=\"POST\","
                        + "route=\"/api/v1/workspaces/\\{repo}/\\{name}/drift-checks\",status=\"202\"} 1");
        assertThat(metrics).doesNotContain(PullRequestDaemon.CANARY);

        HttpResponse<String> ready = get("/readyz", null);
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        assertThat(get("/metrics", null).statusCode()).isEqualTo(401);
    }

    private Run awaitRun(RunKind kind) {
        return await().atMost(PullRequestDaemon.PATIENCE).pollInterval(Duration.ofMillis(300)).until(
                () -> daemon.app.db.runs().latest(ALPHA, kind), r -> r.isPresent() && r.get().status().isFinal())
                .orElseThrow();
    }

    private HttpResponse<String> post(String path, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(daemon.url(path)).header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(daemon.url(path));
        Optional.ofNullable(token).ifPresent(t -> b.header("Authorization", "Bearer " + t));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
