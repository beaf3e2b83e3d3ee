package dev.plumbline.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plumbline.auth.Role;
import dev.plumbline.auth.Tokens;
import dev.plumbline.domain.Classification;
import dev.plumbline.domain.DriftAction;
import dev.plumbline.domain.DriftFinding;
import dev.plumbline.domain.ResourceCounts;
import dev.plumbline.domain.RunKind;
import dev.plumbline.domain.Tool;
import dev.plumbline.domain.Trigger;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.store.Database;
import dev.plumbline.store.LogLine;
import dev.plumbline.store.LogStream;
import dev.plumbline.store.NewRun;
import dev.plumbline.store.RunOutcome;
import dev.plumbline.testing.TestServer;
import dev.plumbline.vcs.hosts.CodeHosts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every route the server holds, called with no token, a viewer's, an operator's, an admin's and a revoked one:
 * the route's rule decides 401 or 403, or lets the call through to its handler. The list of routes is the
 * server's own, so a route added without a rule fails here; the OpenAPI document must describe exactly the API's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiAccessTest {
    static final WorkspaceId PROD = new WorkspaceId("infra", "prod");
    static final String MARKUP = "<script>alert(1)</script>";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private Database db;
    private TestServer server;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, String> tokens = new LinkedHashMap<>();
    private long checkRun;
    private long planRun;

    @BeforeAll
    void start() {
        db = Database.open(dir.resolve("db"), dir.resolve("plan.key"));
        server = new TestServer(db, CodeHosts.of(List.of(), Map.of()), id -> { }, dir, () -> { });
        Tokens t = new Tokens(db);
        tokens.put("none", null);
        tokens.put("viewer", t.create("viewer", Role.VIEWER, "test").text());
        tokens.put("operator", t.create("operator", Role.OPERATOR, "test").text());
        tokens.put("admin", t.create("admin", Role.ADMIN, "test").text());
        tokens.put("revoked", t.create("revoked", Role.ADMIN, "test").text());
        t.revoke("revoked", "test");
        db.workspaces().ensure(PROD, "envs/prod", Tool.TOFU);
        checkRun = db.runs().start(NewRun.first(PROD, RunKind.DRIFT_CHECK, Trigger.SCHEDULE, "c0ffee", Tool.TOFU, "1"));
        db.runs().finish(checkRun, RunOutcome.succeeded(2, Classification.DRIFTED, new ResourceCounts(0, 1, 0, 0)));
        db.drift().record(checkRun, PROD, List.of(new DriftFinding("aws_s3_bucket.b[\"" + MARKUP + "\"]",
                DriftAction.UPDATE, "tags.note", "\"a\"", "\"" + MARKUP + "\"")));
        db.logs().append(checkRun, List.of(new LogLine(LogStream.STDOUT, "value = " + MARKUP, Instant.now())));
        planRun = db.runs().start(NewRun.first(PROD, RunKind.PLAN, Trigger.MANUAL, "c0ffee", Tool.TOFU, "1"));
        db.plans().save(planRun, new byte[] {1, 2}, "{\"note\": \"" + MARKUP.replace("/", "\\/") + "\"}",
                "  ~ note = \"a\" -> \"" + MARKUP + "\"\n");
        db.runs().finish(planRun, RunOutcome.succeeded(2, Classification.CHANGES_PENDING, new ResourceCounts(0, 1, 0, 0)));
    }

    @AfterAll
    void stop() {
        server.close();
        db.close();
    }

    @Test
    void every_route_answers_each_caller_as_its_rule_says() throws Exception {
        List<String> wrong = new ArrayList<>();
        for (Route route : server.server.routes()) {
            Map<String, Integer> got = new LinkedHashMap<>();
            for (Map.Entry<String, String> caller : tokens.entrySet()) {
                got.put(caller.getKey(), call(route, caller.getValue()).statusCode());
            }
            for (Map.Entry<String, Integer> g : got.entrySet()) {
                String expected = expected(route.rule(), g.getKey(), got.get("admin"));
                if (!matches(expected, g.getValue())) {
                    wrong.add(route.name() + " as " + g.getKey() + ": " + g.getValue() + ", expected " + expected);
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void every_route_javalin_holds_is_in_the_list_with_one_rule() {
        Map<String, Rule> registered = server.server.registered();
        assertThat(registered).doesNotContainValue(null);
        assertThat(registered.keySet()).containsExactlyInAnyOrderElementsOf(
                server.server.routes().stream().map(Route::name).toList());
    }

    @Test
    void the_openapi_document_describes_exactly_the_api_routes_with_their_roles() throws Exception {
        JsonNode doc = JSON.readTree(ApiRoutes.openApi());
        Set<String> documented = new TreeSet<>();
        Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> p = paths.next();
            p.getValue().fields().forEachRemaining(m -> documented.add(m.getKey().toUpperCase() + " " + p.getKey()
                    + " " + m.getValue().path("x-plumbline-role").asText()));
        }
        Set<String> served = new TreeSet<>();
        for (Route r : server.server.routes()) {
            if (r.path().startsWith(ApiRoutes.BASE + "/")) {
                served.add(r.name() + " " + r.rule().name().toLowerCase());
            }
        }
        assertThat(documented).isEqualTo(served);
        HttpResponse<String> live = get("/api/v1/openapi.json", null);
        assertThat(JSON.readTree(live.body())).isEqualTo(doc);
    }

    @Test
    void markup_in_an_address_a_value_and_a_log_line_comes_back_inert() throws Exception {
        for (String path : List.of("/api/v1/runs/" + checkRun, "/api/v1/runs/" + planRun, "/api/v1/workspaces",
                "/api/v1/workspaces/infra/prod", "/api/v1/runs/" + checkRun + "/log",
                "/api/v1/runs/" + planRun + "/plan")) {
            HttpResponse<String> r = get(path, tokens.get("viewer"));
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).as(path).hasValueSatisfying(ApiAccessTest::isJson);
            assertThat(r.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
            assertThat(r.body()).as(path).doesNotContain("<script").doesNotContain("<\\/script");
        }
        JsonNode run = JSON.readTree(get("/api/v1/runs/" + checkRun, tokens.get("viewer")).body());
        assertThat(run.at("/findings/0/address").asText()).isEqualTo("aws_s3_bucket.b[\"" + MARKUP + "\"]");
        assertThat(run.at("/findings/0/after").asText()).isEqualTo("\"" + MARKUP + "\"");
        JsonNode plan = JSON.readTree(get("/api/v1/runs/" + planRun, tokens.get("viewer")).body());
        assertThat(plan.at("/plan/text").asText()).contains(MARKUP);
    }

    @Test
    void errors_are_json_naming_the_thing_asked_for() throws Exception {
        String viewer = tokens.get("viewer");
        assertError(get("/api/v1/runs/999999", viewer), 404, "reading run 999999: no such run");
        assertError(get("/api/v1/runs/abc", viewer), 400, "reading run id 'abc': expected a positive whole number");
        assertError(get("/api/v1/workspaces/infra/nowhere", viewer), 404, "reading workspace infra/nowhere: no such"
                + " workspace");
        assertError(get("/api/v1/runs?kind=sideways", viewer), 400, "reading parameter kind 'sideways'");
        assertError(get("/api/v1/runs?limit=0", viewer), 400, "reading parameter limit: 0 is not between 1 and 1000");
        assertError(get("/api/v1/workspaces?cursor=" + "%3Cscript%3E", viewer), 400, "invalid cursor");
        assertError(get("/api/v1/workspaces?condition=purple", viewer), 400, "invalid condition 'purple'");
        assertError(get("/api/v1/workspaces/infra/prod/resources", viewer), 400, "the query parameter address is"
                + " missing");
        assertError(get("/api/v1/runs/" + planRun, null), 401, "no valid credentials");
        assertError(send("POST", "/api/v1/runs/" + planRun + "/approve", viewer, ""), 403,
                "viewer (viewer) may not; it needs the operator role");
        assertError(send("POST", "/api/v1/runs/" + checkRun + "/approve", tokens.get("operator"), "[1]"), 400,
                "approving run " + checkRun + ": expected {\"comment\": \"...\"}");
        assertError(send("POST", "/api/v1/tokens", tokens.get("admin"), "{\"name\": \"x y\", \"role\": \"viewer\"}"),
                400, "invalid token name 'x y'");
        assertError(get("/api/v1/nothing-here", viewer), 404, "");
    }

    @Test
    void bad_bodies_headers_and_parameters_are_refused_naming_them_and_change_nothing() throws Exception {
        String admin = tokens.get("admin");
        String operator = tokens.get("operator");
        int before = new Tokens(db).list().size();
        assertError(send("POST", "/api/v1/tokens", admin, "{not json"), 400, "creating a token");
        assertError(send("POST", "/api/v1/tokens", admin, "{\"name\": \"ci-2\"}"), 400, "creating a token");
        assertError(send("POST", "/api/v1/tokens", admin, "{\"name\": \"ci-2\", \"role\": \"root\"}"), 400,
                "'root'");
        assertError(send("POST", "/api/v1/tokens", admin, "{\"name\": \"viewer\", \"role\": \"viewer\"}"), 409,
                "viewer");
        assertThat(new Tokens(db).list()).as("no token made").hasSize(before);
        HttpResponse<String> made = send("POST", "/api/v1/tokens", admin, "{\"name\": \"ci-3\", \"role\": \"viewer\"}");
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        assertThat(made.headers().firstValue("Cache-Control")).as("the token is shown once").hasValue("no-store");

        assertError(send("POST", "/api/v1/runs/" + checkRun + "/approve", operator,
                "{\"comment\": \"" + "c".repeat(2001) + "\"}"), 400, "approving run " + checkRun + ": the comment is over");
        assertError(send("POST", "/api/v1/runs/" + checkRun + "/approve", operator, "{\"comment\": 7}"), 400,
                "approving run " + checkRun);
        assertError(send("POST", "/api/v1/runs/" + checkRun + "/approve", operator, "{oops"), 400,
                "approving run " + checkRun + ": the body is not JSON");
        assertThat(db.approvals().find(checkRun)).as("nothing approved").isEmpty();
        assertError(get("/api/v1/runs?status=sideways", tokens.get("viewer")), 400, "reading parameter status");

        for (String header : List.of("Basic dXNlcjpwYXNz", "Bearer", "Bearer not-a-token", "bearer")) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                    + "/api/v1/runs/" + planRun)).header("Authorization", header).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(header).isEqualTo(401);
            assertThat(r.body()).as(header).contains("no valid credentials").doesNotContain("dXNlcjpwYXNz");
        }
    }

    private static void isJson(String contentType) {
        assertThat(contentType.replace(" ", "")).isEqualToIgnoringCase("application/json;charset=utf-8");
    }

    @Test
    void an_approval_over_the_api_records_the_token_that_gave_it() throws Exception {
        long run = db.runs().start(NewRun.first(PROD, RunKind.PLAN, Trigger.MANUAL, "c0ffee", Tool.TOFU, "1"));
        db.plans().save(run, new byte[] {3}, "{}", "plan");
        db.runs().finish(run, RunOutcome.succeeded(2, Classification.CHANGES_PENDING, new ResourceCounts(1, 0, 0, 0)));

        HttpResponse<String> r = send("POST", "/api/v1/runs/" + run + "/approve", tokens.get("operator"),
                "{\"comment\": \"looks right\"}");

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(db.approvals().find(run).orElseThrow()).satisfies(a -> {
            assertThat(a.approvedBy()).isEqualTo("operator");
            assertThat(a.approvedVia()).isEqualTo("token:operator");
            assertThat(a.comment()).isEqualTo("looks right");
        });
        assertThat(db.audit().page(null, Optional.of(PROD), 50)).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("plan.approved");
            assertThat(e.runId()).isEqualTo(run);
            assertThat(e.via()).isEqualTo("token:operator");
        });
        assertError(send("POST", "/api/v1/runs/" + run + "/approve", tokens.get("admin"), ""), 409,
                "run " + run + " is already approved");
    }

    @Test
    void runs_are_paged_by_cursor_and_filtered_by_kind() throws Exception {
        String viewer = tokens.get("viewer");
        JsonNode first = JSON.readTree(get("/api/v1/runs?workspace=infra/prod&limit=1", viewer).body());
        assertThat(first.path("runs")).hasSize(1);
        String cursor = first.path("next_cursor").asText();
        JsonNode second = JSON.readTree(get("/api/v1/runs?workspace=infra/prod&limit=1&cursor=" + cursor, viewer)
                .body());
        assertThat(second.at("/runs/0/id").asLong()).isLessThan(first.at("/runs/0/id").asLong());
        JsonNode checks = JSON.readTree(get("/api/v1/runs?kind=drift_check", viewer).body());
        assertThat(checks.path("runs")).allSatisfy(run -> assertThat(run.path("kind").asText())
                .isEqualTo("drift_check"));
        assertError(get("/api/v1/runs?workspace=infra/nowhere", viewer), 404, "reading workspace infra/nowhere");
    }

    private void assertError(HttpResponse<String> r, int status, String message) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(ApiAccessTest::isJson);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("status").asInt()).isEqualTo(status);
        assertThat(body.path("message").asText()).contains(message);
    }

    /** What a caller should get: 401, 403, "through" (neither, nor a 5xx), or "as admin" for public routes. */
    private static String expected(Rule rule, String caller, int adminStatus) {
        if (rule == Rule.PUBLIC) {
            return String.valueOf(adminStatus);
        }
        if (caller.equals("none") || caller.equals("revoked")) {
            return "401";
        }
        return Role.parse(caller).allows(rule.needed()) ? "through" : "403";
    }

    private static boolean matches(String expected, int status) {
        if (expected.equals("through")) {
            return status != 401 && status != 403 && status < 500;
        }
        return String.valueOf(status).equals(expected);
    }

    private HttpResponse<String> call(Route route, String token) throws Exception {
        String path = route.path().replace("{repo}", "infra").replace("{id}", String.valueOf(route.path()
                .contains("/log/stream") ? checkRun : planRun));
        path = path.replace("{name}", path.startsWith("/api/v1/tokens") ? "nobody" : "prod");
        if (path.endsWith("/resources")) {
            path += "?address=aws_s3_bucket.b";
        }
        if (path.endsWith("/drift/spans")) {
            path += "?address=aws_s3_bucket.b&limit=10";
        }
        // a body the handler reads through to the store (no open drift there: a 409)
        String body = path.endsWith("/drift/ack") ? "{\"reason\": \"the matrix\"}" : "";
        return send(route.method().name(), path, token, body);
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return send("GET", path, token, null);
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
