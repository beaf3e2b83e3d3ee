package dev.plumbline.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plumbline.auth.Role;
import dev.plumbline.auth.Tokens;
import dev.plumbline.config.EventsConfig;
import dev.plumbline.domain.ChangeEvent;
import dev.plumbline.domain.Classification;
import dev.plumbline.domain.DriftAction;
import dev.plumbline.domain.DriftDisposition;
import dev.plumbline.domain.DriftFinding;
import dev.plumbline.domain.ResourceCounts;
import dev.plumbline.domain.ResourceIdentifier;
import dev.plumbline.domain.RunKind;
import dev.plumbline.domain.Tool;
import dev.plumbline.domain.Trigger;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.events.EventIntake;
import dev.plumbline.reconcile.DriftSpanView;
import dev.plumbline.reconcile.DriftStatus;
import dev.plumbline.store.Database;
import dev.plumbline.store.NewRun;
import dev.plumbline.store.RunOutcome;
import dev.plumbline.testing.TestServer;
import dev.plumbline.vcs.hosts.CodeHosts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The drift routes of the API: the fleet's current drift and one workspace's spans as {@code plumbline drift
 * status|history --json} print them, acknowledging as the caller, and a run's findings with who changed them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiDriftTest {
    private static final WorkspaceId PROD = new WorkspaceId("infra", "prod");
    private static final WorkspaceId STAGE = new WorkspaceId("infra", "stage");
    private static final String ARN = "arn:aws:s3:::prod-logs";
    private static final String ACTOR = "arn:aws:sts::123456789012:assumed-role/Admin/maria";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private Database db;
    private TestServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private String viewer;
    private String operator;
    private long prodCheck;

    @BeforeAll
    void start() {
        db = Database.open(dir.resolve("db"), dir.resolve("plan.key"));
        server = new TestServer(db, CodeHosts.of(List.of(), Map.of()), id -> { }, dir, () -> { });
        Tokens t = new Tokens(db);
        viewer = t.create("viewer", Role.VIEWER, "test").text();
        operator = t.create("operator", Role.OPERATOR, "test").text();
        db.workspaces().ensure(PROD, "envs/prod", Tool.TOFU);
        db.workspaces().ensure(STAGE, "envs/stage", Tool.TOFU);
        long index = db.runs().start(NewRun.first(PROD, RunKind.PLAN, Trigger.PUSH, "c0ffee", Tool.TOFU, "1"));
        db.runs().finish(index, RunOutcome.succeeded(0, Classification.IN_SYNC, ResourceCounts.NONE));
        db.resourceIndex().replace(PROD, index, List.of(new ResourceIdentifier("aws_s3_bucket.logs", "arn", ARN)));
        new EventIntake(db, new EventsConfig("EVENTS_SECRET", null, Duration.ZERO, 60), () -> { }, Clock.systemUTC())
                .take(new ChangeEvent("aws_sqs", "ev-1", ACTOR, "s3:PutBucketTagging", "203.0.113.9",
                        "console.amazonaws.com", Instant.now().minusSeconds(3), List.of(ARN), false,
                        Instant.now().minusSeconds(1)), Instant.now());
        prodCheck = check(PROD, List.of(
                new DriftFinding("aws_s3_bucket.logs", DriftAction.UPDATE, "tags.owner", "\"ops\"", "\"dev\""),
                new DriftFinding("aws_s3_bucket.other", DriftAction.UPDATE, "tags.LastScanned", "\"1\"", "\"2\"",
                        DriftDisposition.NOISE, "scanner-tags")));
        check(STAGE, List.of(new DriftFinding("aws_s3_bucket.logs", DriftAction.UPDATE, "tags.owner", "\"ops\"",
                "\"qa\"")));
    }

    /** A drift check of {@code ws} that found {@code findings}, stored as the reconciler stores one. */
    private long check(WorkspaceId ws, List<DriftFinding> findings) {
        long run = db.runs().start(NewRun.first(ws, RunKind.DRIFT_CHECK, Trigger.SCHEDULE, "c0ffee", Tool.TOFU, "1"));
        db.inTransaction(tx -> {
            tx.drift().record(run, ws, findings);
            return tx.eventChecks().explain(run, ws);
        });
        db.runs().finish(run, RunOutcome.succeeded(2, Classification.DRIFTED, new ResourceCounts(0, 1, 0, 0)));
        db.driftHistory().observe(ws, run, findings.stream().filter(DriftFinding::isDrift).toList(),
                Duration.ofHours(24));
        return run;
    }

    @AfterAll
    void stop() {
        server.close();
        db.close();
    }

    @Test
    void the_fleets_drift_is_what_drift_status_prints() throws Exception {
        JsonNode status = ok(get("/api/v1/drift", viewer));

        // the command line's record naming, read back as a client would read it
        JsonNode expected = JSON.readTree(JsonOut.text(JsonOut.asRecords(DriftStatus.read(db, Optional.empty(),
                Instant.now()))));
        assertThat(status.path("workspaces")).hasSize(2);
        assertThat(status.path("workspaces").findValues("workspace").stream().map(w -> w.path("name").asText()))
                .contains("prod", "stage");
        JsonNode prod = status.path("workspaces").get(0).path("workspace").path("name").asText().equals("prod")
                ? status.path("workspaces").get(0) : status.path("workspaces").get(1);
        assertThat(prod.at("/items/0/span/address").asText()).isEqualTo("aws_s3_bucket.logs");
        assertThat(prod.at("/items/0/span/attribute_path").asText()).isEqualTo("tags.owner");
        assertThat(prod.at("/items/0/flapping").asBoolean()).isFalse();
        assertThat(prod.path("items")).hasSize(1);
        assertThat(status.at("/causes/0/resource_type").asText()).isEqualTo("aws_s3_bucket");
        assertThat(status.at("/causes/0/workspaces")).hasSize(2);
        assertThat(status).isEqualTo(expected);
        assertError(get("/api/v1/drift", null), 401, "no valid credentials");
    }

    @Test
    void a_workspaces_spans_are_what_drift_history_prints() throws Exception {
        JsonNode spans = ok(get("/api/v1/workspaces/infra/prod/drift/spans?address=aws_s3_bucket.logs", viewer));

        assertThat(spans).hasSize(1);
        JsonNode s = spans.get(0);
        assertThat(s.path("attribute_path").asText()).isEqualTo("tags.owner");
        assertThat(s.path("first_run_id").asLong()).isEqualTo(prodCheck);
        assertThat(s.path("resolution").isNull()).isTrue();
        var cli = DriftSpanView.of(db.driftHistory().of(PROD, Optional.of("aws_s3_bucket.logs"), 1).get(0),
                Instant.now());
        assertThat(fieldNames(s)).isEqualTo(List.copyOf(cli.keySet()));
        assertThat(ok(get("/api/v1/workspaces/infra/prod/drift/spans?address=aws_s3_bucket.none", viewer)))
                .isEmpty();
        assertThat(ok(get("/api/v1/workspaces/infra/prod/drift/spans", viewer))).hasSize(1);
    }

    @Test
    void bad_span_queries_are_json_errors_naming_the_parameter_or_workspace() throws Exception {
        assertError(get("/api/v1/workspaces/infra/nowhere/drift/spans", viewer), 404,
                "reading workspace infra/nowhere: no such workspace");
        assertError(get("/api/v1/workspaces/infra/prod/drift/spans?limit=0", viewer), 400,
                "reading parameter limit: 0 is not between 1 and 10000");
        assertError(get("/api/v1/workspaces/infra/prod/drift/spans?limit=many", viewer), 400,
                "reading parameter limit 'many': expected a whole number");
        assertError(get("/api/v1/workspaces/infra/prod/drift/spans?address=%20", viewer), 400,
                "the query parameter address is empty");
    }

    @Test
    void an_acknowledgement_over_the_api_is_the_callers_and_is_audited() throws Exception {
        JsonNode ack = ok(post("/api/v1/workspaces/infra/stage/drift/ack", operator,
                "{\"address\": \"aws_s3_bucket.logs\", \"for\": \"2d\", \"reason\": \"qa owns it this week\"}"));

        assertThat(ack.path("by").asText()).isEqualTo("operator");
        assertThat(ack.path("items").asInt()).isEqualTo(1);
        assertThat(Instant.parse(ack.path("expires_at").asText()))
                .isBetween(Instant.now().plus(Duration.ofDays(2)).minusSeconds(60), Instant.now().plus(Duration.ofDays(2)));
        assertThat(db.audit().page(null, Optional.of(STAGE), 10)).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("drift.acknowledged");
            assertThat(e.actor()).isEqualTo("operator");
            assertThat(e.via()).isEqualTo("token:operator");
        });
        JsonNode status = ok(get("/api/v1/drift", viewer));
        JsonNode stage = status.path("workspaces").get(0).path("workspace").path("name").asText().equals("stage")
                ? status.path("workspaces").get(0) : status.path("workspaces").get(1);
        assertThat(stage.at("/items/0/acknowledged_by/reason").asText()).isEqualTo("qa owns it this week");
        assertError(post("/api/v1/workspaces/infra/stage/drift/ack", viewer, "{\"reason\": \"x\"}"), 403,
                "viewer (viewer) may not; it needs the operator role");
    }

    @Test
    void bad_acknowledgements_are_json_errors_naming_the_field() throws Exception {
        String ack = "/api/v1/workspaces/infra/prod/drift/ack";
        String doing = "acknowledging the drift of infra/prod: ";
        assertError(post(ack, operator, ""), 400, doing + "expected {\"reason\"");
        assertError(post(ack, operator, "[1]"), 400, doing + "expected {\"reason\"");
        assertError(post(ack, operator, "{oops"), 400, doing + "the body is not JSON");
        assertError(post(ack, operator, "{}"), 400, doing + "the field reason is missing");
        assertError(post(ack, operator, "{\"reason\": \"  \"}"), 400, doing + "the field reason is missing");
        assertError(post(ack, operator, "{\"reason\": 7}"), 400, doing + "the field reason must be a string");
        assertError(post(ack, operator, "{\"reason\": \"" + "r".repeat(4001) + "\"}"), 400,
                doing + "the field reason is over 4000 characters");
        assertError(post(ack, operator, "{\"reason\": \"ok\", \"for\": \"7 days\"}"), 400,
                doing + "the field for '7 days': expected a span like 7d");
        assertError(post(ack, operator, "{\"reason\": \"ok\", \"for\": \"400d\"}"), 400,
                doing + "the field for '400d': must be more than 0 and at most 365d");
        assertError(post(ack, operator, "{\"reason\": \"ok\", \"address\": \"\"}"), 400,
                doing + "the field address is blank");
        assertError(post(ack, operator, "{\"reason\": \"ok\", \"address\": \"a\\u0000b\"}"), 400,
                doing + "the field address holds control characters");
        assertError(post(ack, operator, "{\"reason\": \"ok\", \"until\": \"never\"}"), 400,
                doing + "unknown field 'until'");
        assertError(post("/api/v1/workspaces/infra/nowhere/drift/ack", operator, "{\"reason\": \"ok\"}"), 404,
                "acknowledging the drift of infra/nowhere: no such workspace");
        assertError(post(ack, operator, "{\"reason\": \"ok\", \"address\": \"aws_s3_bucket.other\"}"), 409,
                "there is no open drift of aws_s3_bucket.other to acknowledge");
        assertThat(db.driftAcks().active(Optional.of(PROD), Instant.now())).isEmpty();
    }

    @Test
    void a_runs_findings_say_who_changed_them_as_show_prints_it() throws Exception {
        JsonNode run = ok(get("/api/v1/runs/" + prodCheck, viewer));

        JsonNode findings = run.path("findings");
        assertThat(findings).hasSize(2);
        JsonNode logs = findings.get(0).path("address").asText().equals("aws_s3_bucket.logs") ? findings.get(0)
                : findings.get(1);
        JsonNode other = logs == findings.get(0) ? findings.get(1) : findings.get(0);
        assertThat(logs.path("disposition").asText()).isEqualTo("drift");
        assertThat(logs.path("rule").isNull()).isTrue();
        assertThat(logs.at("/changed_by/actor").asText()).isEqualTo(ACTOR);
        assertThat(logs.at("/changed_by/source_ip").asText()).isEqualTo("203.0.113.9");
        assertThat(logs.at("/changed_by/user_agent").asText()).isEqualTo("console.amazonaws.com");
        assertThat(logs.at("/changed_by/event_id").asLong())
                .isEqualTo(db.eventChecks().ofRun(prodCheck).get("aws_s3_bucket.logs").eventId());
        assertThat(other.path("disposition").asText()).isEqualTo("noise");
        assertThat(other.path("rule").asText()).isEqualTo("scanner-tags");
        assertThat(other.path("changed_by").isNull()).isTrue();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static JsonNode ok(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static void assertError(HttpResponse<String> r, int status, String message) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("").replace(" ", ""))
                .isEqualToIgnoringCase("application/json;charset=utf-8");
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("status").asInt()).isEqualTo(status);
        assertThat(body.path("message").asText()).contains(message);
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return send("GET", path, token, null);
    }

    private HttpResponse<String> post(String path, String token, String body) throws Exception {
        return send("POST", path, token, body);
    }

    private HttpResponse<String> send(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
