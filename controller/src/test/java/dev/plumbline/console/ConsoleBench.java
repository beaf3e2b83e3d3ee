package dev.plumbline.console;

import dev.plumbline.auth.Role;
import dev.plumbline.config.ConsoleConfig;
import dev.plumbline.domain.Classification;
import dev.plumbline.domain.DriftAction;
import dev.plumbline.domain.DriftFinding;
import dev.plumbline.domain.ResourceCounts;
import dev.plumbline.domain.RunKind;
import dev.plumbline.domain.Tool;
import dev.plumbline.domain.Trigger;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.store.Database;
import dev.plumbline.store.NewRun;
import dev.plumbline.store.RunOutcome;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Server time of the console's pages over a store of W workspaces (each with a drift check, one in five drifted
 * with three resources, and a plan before it) and one run whose stored plan is 5 MB: N requests of each page from
 * loopback, p50 and p99 in milliseconds of wall time, against the style sheet the same server answers without the
 * store. Run by bench/console.py; no test asserts any of it.
 *
 * <p>Usage: {@code ConsoleBench WORKSPACES REQUESTS DIR}
 */
public final class ConsoleBench {
    private static final int CHUNK = 500;

    private ConsoleBench() { }

    public static void main(String[] args) throws Exception {
        int workspaces = Integer.parseInt(args[0]);
        int requests = Integer.parseInt(args[1]);
        Path dir = Files.createDirectories(Path.of(args[2]));
        try (Database db = Database.open(dir.resolve("plumbline"), dir.resolve("plan.key"))) {
            long t0 = System.nanoTime();
            seed(db, workspaces);
            long big = bigPlan(db);
            int busy = busy(db);
            System.out.printf("seeded %d workspaces, a 5 MB plan and %d checks of one workspace in %.1f s%n",
                    workspaces, busy, (System.nanoTime() - t0) / 1e9);
            Console console = new Console(db, null, ConsoleConfig.NONE, () -> URI.create("http://127.0.0.1"),
                    TokenSignIn.NONE, List.of());
            Javalin app = Javalin.create(config -> {
                config.startup.showJavalinBanner = false;
                for (Console.Page p : console.pages(ctx -> ctx.result("plain\n"))) {
                    config.routes.addHttpHandler(p.method(), p.path(), p.handler());
                }
            }).start("127.0.0.1", 0);
            try {
                String base = "http://127.0.0.1:" + app.port();
                String session = signIn(db, base);
                Map<String, String> pages = new LinkedHashMap<>();
                pages.put("stylesheet", "/console/plumbline.css");
                pages.put("fleet", "/");
                pages.put("fleet-drifted", "/?status=drifted");
                pages.put("fleet-search", "/?q=ws00123");
                pages.put("workspace", "/workspaces/bench/ws00001");
                pages.put("workspace-busy-90d", "/workspaces/bench/busy?days=90");
                pages.put("run-5mb-plan", "/runs/" + big);
                for (Map.Entry<String, String> e : pages.entrySet()) {
                    double[] f = time(base + e.getValue(), session, requests);
                    System.out.printf("page %s %.2f %.2f %d%n", e.getKey(), f[0], f[1], (long) f[2]);
                }
                Runtime rt = Runtime.getRuntime();
                System.gc();
                System.out.printf("heap-used-mb %d%n", (rt.totalMemory() - rt.freeMemory()) >> 20);
            } finally {
                app.stop();
            }
        }
    }

    private static void seed(Database db, int workspaces) {
        for (int from = 0; from < workspaces; from += CHUNK) {
            int start = from;
            db.inTransaction(tx -> {
                for (int i = start; i < Math.min(workspaces, start + CHUNK); i++) {
                    WorkspaceId ws = new WorkspaceId("bench", String.format("ws%05d", i));
                    tx.workspaces().ensure(ws, "workspaces/" + ws.name(), Tool.TOFU);
                    long plan = tx.runs().start(NewRun.first(ws, RunKind.PLAN, Trigger.PUSH, "ab".repeat(20),
                            Tool.TOFU, "1.12.6"));
                    tx.runs().finish(plan, RunOutcome.succeeded(0, Classification.IN_SYNC, ResourceCounts.NONE));
                    long check = tx.runs().start(NewRun.first(ws, RunKind.DRIFT_CHECK, Trigger.SCHEDULE,
                            "ab".repeat(20), Tool.TOFU, "1.12.6"));
                    boolean drifted = i % 5 == 0;
                    if (drifted) {
                        List<DriftFinding> found = new ArrayList<>();
                        for (int r = 0; r < 3; r++) {
                            found.add(new DriftFinding("local_file.f[" + r + "]", DriftAction.UPDATE, "content",
                                    "\"a\"", "\"b\""));
                        }
                        tx.drift().record(check, ws, found);
                    }
                    tx.runs().finish(check, RunOutcome.succeeded(drifted ? 2 : 0, drifted ? Classification.DRIFTED
                            : Classification.IN_SYNC, drifted ? new ResourceCounts(0, 3, 0, 0) : ResourceCounts.NONE));
                }
                return null;
            });
        }
    }

    /**
     * A workspace checked every 10 minutes for 90 days (12,960 drift checks, one in six drifted with two resources),
     * the finish times spread back over those days: the timeline of its 90-day page reads them all.
     */
    private static int busy(Database db) throws SQLException {
        WorkspaceId ws = new WorkspaceId("bench", "busy");
        int n = 90 * 24 * 6;
        List<Long> ids = new ArrayList<>();
        for (int from = 0; from < n; from += CHUNK) {
            int start = from;
            ids.addAll(db.inTransaction(tx -> {
                tx.workspaces().ensure(ws, "workspaces/busy", Tool.TOFU);
                List<Long> made = new ArrayList<>();
                for (int i = start; i < Math.min(n, start + CHUNK); i++) {
                    long check = tx.runs().start(NewRun.first(ws, RunKind.DRIFT_CHECK, Trigger.SCHEDULE,
                            "ef".repeat(20), Tool.TOFU, "1.12.6"));
                    boolean drifted = i % 6 == 0;
                    if (drifted) {
                        tx.drift().record(check, ws, List.of(
                                new DriftFinding("local_file.a", DriftAction.UPDATE, "content", "\"a\"", "\"b\""),
                                new DriftFinding("local_file.b", DriftAction.DELETE, null, null, null)));
                    }
                    tx.runs().finish(check, RunOutcome.succeeded(drifted ? 2 : 0, drifted ? Classification.DRIFTED
                            : Classification.IN_SYNC, drifted ? new ResourceCounts(1, 1, 0, 0) : ResourceCounts.NONE));
                    made.add(check);
                }
                return made;
            }));
        }
        Instant now = Instant.now();
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("UPDATE runs SET finished_at = ? WHERE id = ?")) {
            for (int i = 0; i < ids.size(); i++) {
                ps.setObject(1, OffsetDateTime.ofInstant(now.minus(Duration.ofMinutes(10L * (n - i))),
                        ZoneOffset.UTC));
                ps.setLong(2, ids.get(i));
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return n;
    }

    /** A drift check of ws00001 whose rendered plan is 5 MB: one created resource per 50-odd bytes. */
    private static long bigPlan(Database db) {
        WorkspaceId ws = new WorkspaceId("bench", "ws00001");
        long run = db.runs().start(NewRun.first(ws, RunKind.DRIFT_CHECK, Trigger.SCHEDULE, "cd".repeat(20),
                Tool.TOFU, "1.12.6"));
        StringBuilder text = new StringBuilder("Classification: changes_pending\n\nResource changes:\n");
        for (int i = 0; text.length() < 5 << 20; i++) {
            text.append("  # local_file.generated[\"file-").append(i).append("\"] will be updated in-place\n")
                    .append("    content: \"old ").append(i).append("\" -> \"new ").append(i).append("\"\n");
        }
        db.plans().save(run, new byte[] {1}, "{}", text.toString());
        db.runs().finish(run, RunOutcome.succeeded(2, Classification.CHANGES_PENDING, new ResourceCounts(0, 1, 0, 0)));
        return run;
    }

    private static String signIn(Database db, String base) throws Exception {
        URI link = SignInLink.create(db, URI.create(base), "bench", Role.VIEWER, Duration.ofMinutes(5),
                Clock.systemUTC());
        // the link's page posts its token; that POST signs in
        HttpResponse<Void> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base
                + "/signin/link")).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(link.getRawQuery())).build(),
                HttpResponse.BodyHandlers.discarding());
        String cookie = r.headers().firstValue("Set-Cookie").orElseThrow(() ->
                new IllegalStateException("signing the bench in: no session cookie"));
        return cookie.substring(cookie.indexOf('=') + 1, cookie.indexOf(';'));
    }

    /** {p50, p99, bytes of the last answer} in milliseconds, after a few warm-up requests. */
    private static double[] time(String url, String session, int n) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest req = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/html")
                .header("Cookie", Sessions.COOKIE + "=" + session).build();
        long bytes = 0;
        for (int i = 0; i < Math.min(20, n); i++) {
            http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        }
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
            ms.add((System.nanoTime() - t0) / 1e6);
            if (r.statusCode() != 200) {
                throw new IllegalStateException("timing " + url + ": answered " + r.statusCode());
            }
            bytes = r.body().length;
        }
        Collections.sort(ms);
        return new double[] {ms.get((int) Math.ceil(0.50 * n) - 1), ms.get((int) Math.ceil(0.99 * n) - 1), bytes};
    }
}
