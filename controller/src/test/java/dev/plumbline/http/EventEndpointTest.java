package dev.plumbline.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plumbline.config.EventsConfig;
import dev.plumbline.config.HttpSettings;
import dev.plumbline.domain.Classification;
import dev.plumbline.domain.ResourceCounts;
import dev.plumbline.domain.ResourceIdentifier;
import dev.plumbline.domain.RunKind;
import dev.plumbline.domain.Tool;
import dev.plumbline.domain.Trigger;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.events.EventIntake;
import dev.plumbline.events.EventSignature;
import dev.plumbline.store.Database;
import dev.plumbline.store.EventState;
import dev.plumbline.store.NewRun;
import dev.plumbline.store.RunOutcome;
import dev.plumbline.testing.TestServer;
import dev.plumbline.vcs.hosts.CodeHosts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** POST /api/v1/events on a real server and store: signed by HMAC alone, stored before the 202, or refused. */
class EventEndpointTest {
    private static final WorkspaceId GCP = new WorkspaceId("infra", "gcp");
    private static final String VM = "projects/acme/zones/europe-west1-b/instances/vm-1";
    private static final String BODY = "{\"source\": \"gcp-audit\", \"identifiers\": [\"" + VM + "\"], \"actor\":"
            + " \"maria@acme.example\", \"action\": \"v1.compute.instances.setLabels\", \"time\":"
            + " \"2026-12-01T09:59:58Z\", \"id\": \"entry-1\"}";

    @TempDir
    Path dir;

    private Database db;
    private Server server;
    private final AtomicReference<String> secret = new AtomicReference<>("events-s3cret");
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        db = Database.open(dir.resolve("db"), dir.resolve("plan.key"));
        db.workspaces().ensure(GCP, "gcp", Tool.TOFU);
        long run = db.runs().start(NewRun.first(GCP, RunKind.PLAN, Trigger.PUSH, "0a1b2c3d", Tool.TOFU, "1.12.6"));
        db.runs().finish(run, RunOutcome.succeeded(0, Classification.IN_SYNC, ResourceCounts.NONE));
        db.resourceIndex().replace(GCP, run, List.of(new ResourceIdentifier("google_compute_instance.vm", "id", VM)));
        EventIntake intake = new EventIntake(db, new EventsConfig("EVENTS_SECRET", null, Duration.ofSeconds(20), 60),
                () -> { }, Clock.systemUTC());
        server = new TestServer(db, CodeHosts.of(List.of(), Map.of()), id -> { }, dir.resolve("data"), () -> { },
                new EventEndpoint(intake, secret::get)).server;
    }

    @AfterEach
    void stop() {
        server.close();
        db.close();
    }

    private HttpResponse<String> post(String body, String signature) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + EventEndpoint.PATH)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            r.header(EventSignature.HEADER, signature);
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String sign(String body, String key) {
        return EventSignature.of(body.getBytes(StandardCharsets.UTF_8), key);
    }

    @Test
    void a_signed_event_is_stored_and_its_check_queued_before_the_202() throws Exception {
        HttpResponse<String> r = post(BODY, sign(BODY, "events-s3cret"));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        JsonNode answer = new ObjectMapper().readTree(r.body());
        assertThat(answer.path("state").asText()).isEqualTo("matched");
        assertThat(answer.path("checks").path(0).asText()).isEqualTo("infra/gcp");
        assertThat(db.events().get(answer.path("event_id").asLong())).get().satisfies(e -> {
            assertThat(e.event().actor()).isEqualTo("maria@acme.example");
            assertThat(e.event().source()).isEqualTo("http:gcp-audit");
        });
        assertThat(db.queuedWork().ofWorkspace(GCP, 5)).singleElement()
                .satisfies(w -> assertThat(w.work().trigger()).isEqualTo(Trigger.EVENT));

        HttpResponse<String> again = post(BODY, sign(BODY, "events-s3cret"));
        assertThat(again.statusCode()).as("the same id posted again").isEqualTo(200);
        assertThat(db.events().counts()).containsEntry(EventState.MATCHED, 1L);
    }

    @Test
    void a_wrong_or_missing_signature_is_refused_and_nothing_is_stored() throws Exception {
        HttpResponse<String> wrong = post(BODY, sign(BODY, "guess"));
        HttpResponse<String> missing = post(BODY, null);
        HttpResponse<String> otherBody = post(BODY.replace("vm-1", "vm-2"), sign(BODY, "events-s3cret"));

        for (HttpResponse<String> r : List.of(wrong, missing, otherBody)) {
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(r.body()).contains("X-Plumbline-Signature-256 is missing or is not the HMAC-SHA256");
        }
        assertThat(db.events().recent(null, 10)).isEmpty();
        assertThat(db.queuedWork().ofWorkspace(GCP, 5)).isEmpty();
    }

    @Test
    void a_rotated_secret_is_taken_at_once_and_an_unset_one_refuses_everything() throws Exception {
        secret.set("rotated");
        assertThat(post(BODY, sign(BODY, "events-s3cret")).statusCode()).isEqualTo(401);
        assertThat(post(BODY, sign(BODY, "rotated")).statusCode()).isEqualTo(202);
        secret.set("");
        HttpResponse<String> r = post(BODY, sign(BODY, "rotated"));
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).contains("events.http.secret_env");
    }

    @Test
    void a_signed_body_that_is_not_an_event_is_refused_naming_the_field() throws Exception {
        String bad = "{\"source\": \"gcp-audit\", \"identifiers\": \"" + VM + "\"}";

        HttpResponse<String> r = post(bad, sign(bad, "events-s3cret"));

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("application/json"));
        assertThat(r.body()).contains("\"status\":400", "\"message\":\"reading the posted event: identifiers must be"
                + " a non-empty list of strings\"");
        assertThat(db.events().recent(null, 10)).isEmpty();
    }
}
