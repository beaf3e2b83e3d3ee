package dev.plumbline.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.auth.BearerTokens;
import dev.plumbline.auth.Role;
import dev.plumbline.auth.Tokens;
import dev.plumbline.config.ConsoleConfig;
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
import dev.plumbline.store.Database;
import dev.plumbline.store.NewRun;
import dev.plumbline.store.RunOutcome;
import io.javalin.Javalin;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's pages and forms over a real H2 store and a real Jetty, read as a browser would (no script): signing
 * in with a link or a token, sessions kept across a restart, the CSRF token and the role on every form, escaping,
 * the security headers, the rate limit, and bad input answered with a page that names it.
 */
class ConsoleTest {
    private static final WorkspaceId WS = new WorkspaceId("infra", "web");
    private static final String SCRIPT = "<script>alert(1)</script>";

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private Database db;
    private Javalin server;
    private long runId;

    @BeforeEach
    void start() {
        db = Database.open(dir.resolve("db"), dir.resolve("plan.key"));
        db.workspaces().ensure(WS, "workspaces/web", Tool.TOFU);
        runId = db.runs().start(NewRun.first(WS, RunKind.DRIFT_CHECK, Trigger.SCHEDULE, "ab".repeat(20), Tool.TOFU,
                "1.12.6"));
        db.plans().save(runId, new byte[] {1, 2, 3}, "{}", "  # local_file.page[\"" + SCRIPT + "\"] has been deleted\n"
                + "  # local_file.page[\"" + SCRIPT + "\"] will be created\n");
        db.drift().record(runId, WS, List.of(new DriftFinding("local_file.page[\"" + SCRIPT + "\"]",
                DriftAction.DELETE, null, "{\"content\":\"" + SCRIPT + "\"}", null)));
        db.runs().finish(runId, RunOutcome.succeeded(2, Classification.DRIFTED, new ResourceCounts(1, 0, 0, 0)));
        db.audit().record(SCRIPT, "test." + SCRIPT, Optional.of(WS), Optional.of(runId), SCRIPT);
        server = serve();
    }

    private Javalin serve() {
        Tokens tokens = new Tokens(db);
        Console console = new Console(db, null, ConsoleConfig.NONE, () -> URI.create("http://127.0.0.1"),
                tokens::identify, List.of(new BearerTokens(tokens)));
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            for (Console.Page p : console.pages(ctx -> ctx.result("plain run page\n"))) {
                config.routes.addHttpHandler(p.method(), p.path(), p.handler());
            }
        });
        return app.start("127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        server.stop();
        db.close();
    }

    @Test
    void a_page_without_a_session_sends_the_browser_to_sign_in_and_back() throws Exception {
        HttpResponse<String> r = get("/runs/" + runId + "?x=1", null);

        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().firstValue("Location")).hasValue("/signin?next="
                + URLEncoder.encode("/runs/" + runId + "?x=1", StandardCharsets.UTF_8));
        assertThat(r.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                .contains("default-src 'none'", "style-src 'self'", "frame-ancestors 'none'", "form-action 'self'"));
        assertThat(get("/signin", null).body()).contains("plumbline console link");
    }

    @Test
    void a_link_signs_in_once_and_its_session_outlives_a_restart() throws Exception {
        URI link = SignInLink.create(db, URI.create("http://127.0.0.1:1"), "alice", Role.VIEWER,
                SignInLink.DEFAULT_TTL, Clock.systemUTC());
        String path = link.getPath() + "?" + link.getRawQuery();
        String token = link.getRawQuery().substring("token=".length());

        HttpResponse<String> opened = get(path, null);
        assertThat(opened.statusCode()).isEqualTo(200);
        assertThat(opened.headers().firstValue("Set-Cookie")).as("opening the link signs nobody in").isEmpty();
        assertThat(opened.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(opened.body()).contains("<form method=\"post\" action=\"/signin/link\">", "id=\"link\"");
        assertThat(get(path, null).statusCode()).as("opened again, as a link previewer would").isEqualTo(200);

        HttpResponse<String> first = post("/signin/link", null, "token=" + token);
        assertThat(first.statusCode()).isEqualTo(303);
        String cookie = first.headers().firstValue("Set-Cookie").orElseThrow(() -> new AssertionError("no cookie"));
        assertThat(cookie).contains("HttpOnly", "SameSite=Lax", "Path=/");
        String session = cookie.substring(cookie.indexOf('=') + 1, cookie.indexOf(';'));
        assertThat(post("/signin/link", null, "token=" + token).statusCode()).as("the link a second time")
                .isEqualTo(401);
        assertThat(get("/signin/link", null).statusCode()).as("a link without its token").isEqualTo(400);

        server.stop();
        server = serve();

        HttpResponse<String> fleet = get("/", session);
        assertThat(fleet.statusCode()).isEqualTo(200);
        assertThat(fleet.body()).contains("alice · viewer", "infra/web", "badge drifted");
        assertThat(db.audit().recent(10)).anySatisfy(e -> {
            assertThat(e.actor()).isEqualTo("alice");
            assertThat(e.action()).isEqualTo("console.signed_in");
        });
    }

    @Test
    void markup_in_addresses_values_and_the_audit_log_is_escaped_on_every_page() throws Exception {
        String session = signIn(Role.VIEWER);
        for (String page : List.of("/", "/workspaces/infra/web", "/runs/" + runId, "/queue", "/audit")) {
            HttpResponse<String> r = get(page, session);
            assertThat(r.statusCode()).as(page).isEqualTo(200);
            assertThat(r.body()).as(page).doesNotContain(SCRIPT);
        }
        assertThat(get("/runs/" + runId, session).body()).contains("&lt;script&gt;alert(1)&lt;/script&gt;",
                "<span class=\"remove\">", "<span class=\"add\">");
        assertThat(get("/audit", session).body()).contains("&lt;script&gt;");
    }

    @Test
    void a_finding_a_change_event_explains_shows_who_changed_the_resource_on_the_run_and_workspace_pages()
            throws Exception {
        String arn = "arn:aws:s3:::logs-bucket";
        String actor = "arn:aws:iam::123456789012:user/" + SCRIPT;
        db.resourceIndex().replace(WS, runId, List.of(new ResourceIdentifier("aws_s3_bucket.logs", "arn", arn)));
        new EventIntake(db, new EventsConfig("EVENTS_SECRET", null, Duration.ZERO, 60), () -> { }, Clock.systemUTC())
                .take(new ChangeEvent("aws_sqs", "ev-console", actor, "s3:PutBucketTagging", "203.0.113.9",
                        "console.amazonaws.com", Instant.parse("2026-11-30T10:15:00Z"), List.of(arn), false,
                        Instant.now()), Instant.now());
        long check = db.runs().start(NewRun.first(WS, RunKind.DRIFT_CHECK, Trigger.EVENT, "ab".repeat(20),
                Tool.TOFU, "1.12.6"));
        List<DriftFinding> drift = List.of(
                new DriftFinding("aws_s3_bucket.logs", DriftAction.UPDATE, "tags.owner", "\"ops\"", "\"dev\""),
                new DriftFinding("aws_s3_bucket.other", DriftAction.DELETE, null, null, null));
        db.inTransaction(tx -> {
            tx.drift().record(check, WS, drift);
            return tx.eventChecks().explain(check, WS);
        });
        db.runs().finish(check, RunOutcome.succeeded(2, Classification.DRIFTED, new ResourceCounts(1, 1, 0, 0)));
        db.driftHistory().observe(WS, check, drift, Duration.ofHours(24));
        String session = signIn(Role.VIEWER);

        String run = get("/runs/" + check, session).body();
        String escaped = "arn:aws:iam::123456789012:user/&lt;script&gt;alert(1)&lt;/script&gt;";
        assertThat(run).contains("<th>Changed by</th>", escaped, "s3:PutBucketTagging", "2026-11-30 10:15",
                "from 203.0.113.9", "console.amazonaws.com").doesNotContain(SCRIPT);
        assertThat(run.substring(run.indexOf("aws_s3_bucket.other"))).as("the finding no event explains")
                .startsWith("aws_s3_bucket.other</code>").contains("<span class=\"empty\">-</span>");
        String workspace = get("/workspaces/infra/web", session).body();
        assertThat(workspace).contains(escaped, "s3:PutBucketTagging", "still drifted").doesNotContain(SCRIPT);
        assertThat(workspace.substring(workspace.indexOf("<code>aws_s3_bucket.other</code>")))
                .as("the stretch no event explains").contains("<span class=\"empty\">-</span>");
        String plain = get("/runs/" + runId, session).body();
        assertThat(plain).as("a run no event explains has no such column").doesNotContain("Changed by");
    }

    @Test
    void the_timeline_covers_its_whole_window_however_many_runs_came_after_and_counts_only_drift()
            throws Exception {
        long old = db.runs().start(NewRun.first(WS, RunKind.DRIFT_CHECK, Trigger.SCHEDULE, "cd".repeat(20),
                Tool.TOFU, "1.12.6"));
        db.drift().record(old, WS, List.of(
                new DriftFinding("local_file.a", DriftAction.UPDATE, "content", "\"x\"", "\"y\""),
                new DriftFinding("local_file.b", DriftAction.UPDATE, "content", "\"x\"", "\"y\""),
                new DriftFinding("local_file.c", DriftAction.UPDATE, "tags", "{}", "null", DriftDisposition.NOISE,
                        null)));
        db.runs().finish(old, RunOutcome.succeeded(2, Classification.DRIFTED, new ResourceCounts(0, 2, 0, 0)));
        Instant sixtyDaysAgo = Instant.now().minus(Duration.ofDays(60));
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE runs SET queued_at = ?, started_at = ?,"
                     + " finished_at = ? WHERE id = ?")) {
            for (int i = 1; i <= 3; i++) {
                ps.setObject(i, OffsetDateTime.ofInstant(sixtyDaysAgo, ZoneOffset.UTC));
            }
            ps.setLong(4, old);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        for (int i = 0; i < 1_100; i++) {
            long plan = db.runs().start(NewRun.first(WS, RunKind.PLAN, Trigger.PUSH, "ef".repeat(20), Tool.TOFU,
                    "1.12.6"));
            db.runs().finish(plan, RunOutcome.succeeded(0, Classification.IN_SYNC, ResourceCounts.NONE));
        }
        String session = signIn(Role.VIEWER);

        String ninety = get("/workspaces/infra/web?days=90", session).body();
        String day = LocalDate.ofInstant(sixtyDaysAgo, ZoneOffset.UTC).toString();
        assertThat(ninety).as("the check of 60 days ago, behind 1,100 newer runs")
                .contains("class=\"bar drifted\"><title>" + day + ": 1 check(s), 2 resource(s) drifted at most");
        assertThat(get("/workspaces/infra/web?days=30", session).body()).doesNotContain("<title>" + day);
        String run = get("/runs/" + old, session).body();
        assertThat(run.substring(run.indexOf("Drift found"), run.indexOf("Not counted as drift")))
                .contains("local_file.a", "local_file.b").doesNotContain("local_file.c");
        assertThat(run.substring(run.indexOf("Not counted as drift"))).contains("local_file.c", "noise");
    }

    @Test
    void a_form_without_its_csrf_token_or_from_a_viewer_is_refused_and_changes_nothing() throws Exception {
        String operator = signIn(Role.OPERATOR);
        HttpResponse<String> noToken = post("/runs/" + runId + "/approve", operator, "comment=x");
        assertThat(noToken.statusCode()).isEqualTo(403);
        assertThat(noToken.body()).contains("CSRF token is missing or wrong");
        HttpResponse<String> wrong = post("/runs/" + runId + "/approve", operator, "csrf=" + "0".repeat(64));
        assertThat(wrong.statusCode()).isEqualTo(403);

        String viewer = signIn(Role.VIEWER);
        HttpResponse<String> asViewer = post("/runs/" + runId + "/approve", viewer, "csrf=" + csrf(viewer));
        assertThat(asViewer.statusCode()).isEqualTo(403);
        assertThat(asViewer.body()).contains("needs the operator role", "is viewer");
        assertThat(get("/runs/" + runId, viewer).body()).doesNotContain("id=\"approve\"");
        assertThat(get("/runs/" + runId, operator).body()).contains("id=\"approve\"", "id=\"apply\"");

        assertThat(post("/runs/" + runId + "/approve", null, "").statusCode()).as("nobody signed in").isEqualTo(401);
        assertThat(post("/signout", viewer, "").statusCode()).as("sign out without the token").isEqualTo(403);
        assertThat(db.approvals().find(runId)).isEmpty();
    }

    @Test
    void an_api_token_signs_in_and_reads_the_plain_run_page_and_a_wrong_one_does_not() throws Exception {
        String token = new Tokens(db).create("ci", Role.OPERATOR, "test").text();

        HttpResponse<String> in = post("/signin/token", null, "token=" + URLEncoder.encode(token,
                StandardCharsets.UTF_8) + "&next=%2Faudit");
        assertThat(in.statusCode()).isEqualTo(303);
        assertThat(in.headers().firstValue("Location")).hasValue("/audit");
        assertThat(post("/signin/token", null, "token=plb_wrong").statusCode()).isEqualTo(401);

        HttpResponse<String> plain = http.send(HttpRequest.newBuilder(url("/runs/" + runId))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(plain.body()).isEqualTo("plain run page\n");
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(url("/runs/" + runId)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    @Test
    void bad_ids_cursors_and_workspaces_are_answered_with_a_page_naming_them() throws Exception {
        String session = signIn(Role.VIEWER);
        HttpResponse<String> notANumber = get("/runs/abc", session);
        assertThat(notANumber.statusCode()).isEqualTo(404);
        assertThat(notANumber.body()).contains("showing run 'abc': not a run id");
        assertThat(get("/runs/999999", session).body()).contains("showing run 999999: no such run");
        assertThat(get("/workspaces/infra/nope", session).body()).contains("showing workspace infra/nope: it is not known");
        HttpResponse<String> cursor = get("/?after=!!!", session);
        assertThat(cursor.statusCode()).isEqualTo(400);
        assertThat(cursor.body()).contains("listing the fleet: invalid cursor");
        HttpResponse<String> status = get("/?status=bogus", session);
        assertThat(status.statusCode()).isEqualTo(400);
        assertThat(status.body()).contains("listing the fleet: invalid condition 'bogus'");
        HttpResponse<String> search = get("/?q=" + "x".repeat(201), session);
        assertThat(search.statusCode()).isEqualTo(400);
        assertThat(search.body()).contains("at most 200 characters");
        HttpResponse<String> days = get("/workspaces/infra/web?days=7", session);
        assertThat(days.statusCode()).isEqualTo(400);
        assertThat(days.body()).contains("showing workspace infra/web: days must be 30 or 90, not '7'");
        assertThat(post("/runs/abc/approve", signIn(Role.OPERATOR), "").statusCode()).isEqualTo(403);
        String operator = signIn(Role.OPERATOR);
        HttpResponse<String> longComment = post("/runs/" + runId + "/approve", operator, "csrf=" + csrf(operator)
                + "&comment=" + "x".repeat(1001));
        assertThat(longComment.statusCode()).isEqualTo(400);
        assertThat(longComment.body()).contains("approving run " + runId + ": the comment is over 1000 characters");
        assertThat(db.approvals().find(runId)).as("nothing approved").isEmpty();
    }

    @Test
    void sign_in_attempts_are_limited_per_address() throws Exception {
        for (int i = 0; i < 10; i++) {
            assertThat(post("/signin/link", null, "token=guess" + i).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> limited = post("/signin/link", null, "token=guess");
        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).hasValue("60");
    }

    @Test
    void after_sign_in_the_browser_goes_only_to_a_page_of_this_console() {
        assertThat(SignIn.next("/runs/4")).isEqualTo("/runs/4");
        assertThat(SignIn.next("//evil.example/x")).isEqualTo("/");
        assertThat(SignIn.next("https://evil.example/")).isEqualTo("/");
        assertThat(SignIn.next("/\\evil.example")).isEqualTo("/");
        assertThat(SignIn.next(null)).isEqualTo("/");
    }

    /** A session of a new sign-in link's user with {@code role}; returns the cookie's value. */
    private String signIn(Role role) throws Exception {
        URI link = SignInLink.create(db, URI.create("http://127.0.0.1:1"), role.wire() + "-user", role,
                Duration.ofMinutes(5), Clock.systemUTC());
        HttpResponse<String> r = post("/signin/link", null, link.getRawQuery());
        String cookie = r.headers().firstValue("Set-Cookie").orElseThrow(() -> new AssertionError("no cookie"));
        return cookie.substring(cookie.indexOf('=') + 1, cookie.indexOf(';'));
    }

    private String csrf(String session) throws Exception {
        Matcher m = Pattern.compile("name=\"csrf\" value=\"([0-9a-f]{64})\"").matcher(get("/", session).body());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private HttpResponse<String> get(String path, String session) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(url(path)).header("Accept", "text/html");
        if (session != null) {
            b.header("Cookie", Sessions.COOKIE + "=" + session);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String session, String form) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(url(path)).header("Accept", "text/html")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (session != null) {
            b.header("Cookie", Sessions.COOKIE + "=" + session);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
