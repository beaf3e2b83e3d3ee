package dev.plumbline.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.config.Credentials;
import dev.plumbline.auth.Role;
import dev.plumbline.auth.Tokens;
import dev.plumbline.config.RepoConfig;
import dev.plumbline.config.VcsConfig;
import dev.plumbline.store.Database;
import dev.plumbline.testing.TestServer;
import dev.plumbline.vcs.VcsFixtures;
import dev.plumbline.vcs.hosts.CodeHosts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP server on a real random port, with a real store; what it hands over is collected, not acted on. */
class ServerTest {
    private static final String SECRET = "s3cret-for-github-hooks";

    @TempDir
    Path dir;

    private Database db;
    private Server server;
    private final List<Long> handedOver = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        db = Database.open(dir.resolve("db"), dir.resolve("plan.key"));
        VcsConfig github = new VcsConfig(VcsConfig.Provider.GITHUB, URI.create("http://127.0.0.1:9"), "acme/infra",
                "GH_TOKEN", "GH_HOOK_SECRET", false, null);
        VcsConfig gitlab = new VcsConfig(VcsConfig.Provider.GITLAB, URI.create("http://127.0.0.1:9/api/v4"),
                "acme/platform/infra", "GL_TOKEN", "GL_HOOK_SECRET", false, null);
        CodeHosts hosts = CodeHosts.of(List.of(
                new RepoConfig("infra", "file:///nowhere", "main", Credentials.NONE, Duration.ofMinutes(1), github),
                new RepoConfig("platform", "file:///nowhere", "main", Credentials.NONE, Duration.ofMinutes(1), gitlab)),
                Map.of("GH_TOKEN", "t", "GH_HOOK_SECRET", SECRET, "GL_TOKEN", "t", "GL_HOOK_SECRET", "gl-token-1"));
        server = TestServer.start(db, hosts, handedOver::add, dir);
    }

    @AfterEach
    void stop() {
        server.close();
        db.close();
    }

    @Test
    void health_check_answers() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(url("/healthz")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
    }

    @Test
    void a_delivery_signed_with_another_secret_is_refused_and_not_stored() throws Exception {
        byte[] body = VcsFixtures.payload("github/push.json");

        HttpResponse<String> r = post("/webhooks/github", body, Map.of("X-GitHub-Event", "push",
                "X-GitHub-Delivery", "d-1", "X-Hub-Signature-256", sign("guess", body)));

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(db.webhookDeliveries().count()).isZero();
        assertThat(handedOver).isEmpty();
    }

    @Test
    void a_signed_delivery_is_stored_before_the_answer_and_handed_over_once() throws Exception {
        byte[] body = VcsFixtures.payload("github/push.json");
        Map<String, String> headers = Map.of("X-GitHub-Event", "push", "X-GitHub-Delivery", "d-2",
                "X-Hub-Signature-256", sign(SECRET, body));

        HttpResponse<String> first = post("/webhooks/github", body, headers);
        long stored = db.webhookDeliveries().count();
        HttpResponse<String> second = post("/webhooks/github", body, headers);

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(stored).isEqualTo(1);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(handedOver).hasSize(1);
        var delivery = db.webhookDeliveries().find(handedOver.get(0)).orElseThrow();
        assertThat(delivery.repo()).isEqualTo("infra");
        assertThat(delivery.event()).isEqualTo("push");
        assertThat(delivery.body()).isEqualTo(new String(body, StandardCharsets.UTF_8));
        assertThat(delivery.status()).isEqualTo("received");
    }

    @Test
    void a_signed_body_sent_again_under_a_new_delivery_id_is_not_acted_on_again() throws Exception {
        byte[] body = VcsFixtures.payload("github/push.json");
        String signature = sign(SECRET, body);

        HttpResponse<String> first = post("/webhooks/github", body, Map.of("X-GitHub-Event", "push",
                "X-GitHub-Delivery", "d-3", "X-Hub-Signature-256", signature));
        HttpResponse<String> replay = post("/webhooks/github", body, Map.of("X-GitHub-Event", "push",
                "X-GitHub-Delivery", "d-4-forged", "X-Hub-Signature-256", signature));

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(replay.body()).contains("the same body");
        assertThat(handedOver).hasSize(1);
        assertThat(db.webhookDeliveries().count()).isEqualTo(1);
    }

    @Test
    void a_signed_delivery_with_an_event_header_longer_than_the_store_keeps_is_refused_naming_it() throws Exception {
        byte[] body = VcsFixtures.payload("github/push.json");

        HttpResponse<String> r = post("/webhooks/github", body, Map.of("X-GitHub-Event", "e".repeat(101),
                "X-GitHub-Delivery", "d".repeat(201), "X-Hub-Signature-256", sign(SECRET, body)));

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).isEqualTo("X-GitHub-Event: longer than 100 characters (101)\n");
        assertThat(db.webhookDeliveries().count()).isZero();
        assertThat(handedOver).isEmpty();
    }

    @Test
    void a_gitlab_delivery_is_checked_against_the_gitlab_repos_only() throws Exception {
        byte[] body = VcsFixtures.payload("gitlab/push.json");

        assertThat(post("/webhooks/gitlab", body, Map.of("X-Gitlab-Event", "Push Hook",
                "X-Gitlab-Token", SECRET)).statusCode()).as("the GitHub repo's secret").isEqualTo(401);
        assertThat(post("/webhooks/gitlab", body, Map.of("X-Gitlab-Event", "Push Hook",
                "X-Gitlab-Token", "gl-token-1")).statusCode()).isEqualTo(202);
        assertThat(db.webhookDeliveries().find(handedOver.get(0)).orElseThrow().repo()).isEqualTo("platform");
    }

    @Test
    void an_unknown_run_is_not_found() throws Exception {
        String token = new Tokens(db).create("reader", Role.VIEWER, "test").text();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(url("/runs/42"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(404);
    }

    @Test
    void a_run_page_needs_credentials() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(url("/runs/42")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
    }

    private HttpResponse<String> post(String path, byte[] body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(url(path)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private static String sign(String key, byte[] body) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    }
}
