package dev.plumbline.http;

import dev.plumbline.auth.Role;
import dev.plumbline.auth.Tokens;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.fleet.Fleet;
import dev.plumbline.store.Database;
import dev.plumbline.testing.TestServer;
import dev.plumbline.vcs.hosts.CodeHosts;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The fleet API against a large store, for {@code bench/fleet.py}; not a test. Generates {@code W} workspaces and
 * {@code R} runs (drift checks mostly, some plans and applies, findings on the drifted) straight into an H2 file
 * with batched inserts, then serves them with the server the daemon runs and times the API from loopback.
 * Prints {@code <request> <p50 ms> <p99 ms>} lines, then {@code memory <heap MB after GC> <RSS MB>}.
 *
 * <p>Arguments: {@code W R DIR [requests]}.
 */
public final class FleetBench {
    private static final String[] CLASSES = {"in_sync", "in_sync", "in_sync", "drifted", "changes_pending"};

    private FleetBench() {
    }

    public static void main(String[] args) throws Exception {
        int workspaces = Integer.parseInt(args[0]);
        int runs = Integer.parseInt(args[1]);
        Path dir = Files.createDirectories(Path.of(args[2]));
        int requests = args.length > 3 ? Integer.parseInt(args[3]) : 200;
        try (Database db = Database.open(dir.resolve("plumbline"), dir.resolve("plan.key"))) {
            long t0 = System.nanoTime();
            generate(db, workspaces, runs);
            db.workspaceChecks().rebuild();
            System.out.printf("generated %d workspaces and %d runs in %.0f s%n", workspaces, runs,
                    (System.nanoTime() - t0) / 1e9);
            String token = new Tokens(db).create("bench", Role.ADMIN, "bench").text();
            try (TestServer server = new TestServer(db, CodeHosts.of(List.of(), Map.of()), id -> { }, dir,
                    () -> { })) {
                HttpClient http = HttpClient.newHttpClient();
                Random random = new Random(7);
                // the baseline: the same server answering with no store behind the answer
                time(http, server, token, "healthz", requests, i -> "/healthz");
                time(http, server, token, "fleet-page-100", requests, i -> "/api/v1/workspaces?limit=100");
                String middle = Fleet.cursor(new WorkspaceId("bench", String.format("ws%05d", workspaces / 2)));
                time(http, server, token, "fleet-page-100-middle", requests,
                        i -> "/api/v1/workspaces?limit=100&cursor=" + middle);
                time(http, server, token, "fleet-drifted-100", requests,
                        i -> "/api/v1/workspaces?limit=100&condition=drifted");
                time(http, server, token, "fleet-search", requests, i -> "/api/v1/workspaces?search=ws0123");
                time(http, server, token, "workspace", requests, i -> "/api/v1/workspaces/bench/"
                        + String.format("ws%05d", random.nextInt(workspaces)));
                time(http, server, token, "runs-of-workspace-50", requests, i -> "/api/v1/runs?workspace=bench/"
                        + String.format("ws%05d", random.nextInt(workspaces)));
                time(http, server, token, "metrics", Math.max(5, requests / 20), i -> "/metrics?" + i);
                System.gc();
                Thread.sleep(200);
                long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                System.out.printf("memory %.0f %.0f%n", heap / 1048576.0, rss() / 1024.0);
            }
        }
    }

    @FunctionalInterface
    private interface PathOf {
        String path(int i);
    }

    private static void time(HttpClient http, TestServer server, String token, String name, int n, PathOf path)
            throws Exception {
        for (int i = 0; i < 5; i++) {
            get(http, server, token, path.path(i));
        }
        double[] ms = new double[n];
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            get(http, server, token, path.path(i));
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        System.out.printf("%s %.1f %.1f%n", name, ms[(int) Math.round(0.5 * (n - 1))],
                ms[(int) Math.round(0.99 * (n - 1))]);
    }

    private static void get(HttpClient http, TestServer server, String token, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + path)).header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + ": " + r.statusCode() + " " + r.body());
        }
    }

    /** Workspaces ws00000..., each with R/W runs, oldest first; the last check of each decides its condition. */
    private static void generate(Database db, int workspaces, int runs) throws Exception {
        Random random = new Random(42);
        int perWorkspace = Math.max(1, runs / workspaces);
        Instant start = Instant.now().minusSeconds(86400L * 90);
        try (Connection c = db.dataSource().getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ws = c.prepareStatement("INSERT INTO workspaces (id, repo, name, dir, tool,"
                    + " created_at) VALUES (?, 'bench', ?, ?, 'tofu', ?)")) {
                for (int w = 1; w <= workspaces; w++) {
                    ws.setLong(1, w);
                    ws.setString(2, String.format("ws%05d", w - 1));
                    ws.setString(3, "workspaces/" + w);
                    ws.setTimestamp(4, Timestamp.from(start));
                    ws.addBatch();
                }
                ws.executeBatch();
            }
            c.commit();
            long id = 0;
            try (PreparedStatement run = c.prepareStatement("INSERT INTO runs (id, workspace_id, kind, trigger,"
                    + " commit_sha, tool, status, classification, attempt, queued_at, started_at, finished_at,"
                    + " total_ms) VALUES (?, ?, ?, 'schedule', 'c0ffee', 'tofu', ?, ?, 1, ?, ?, ?, ?)");
                    PreparedStatement finding = c.prepareStatement("INSERT INTO drift_findings (run_id, workspace_id,"
                            + " address, action, attribute_path) VALUES (?, ?, ?, 'update', 'tags')")) {
                int batch = 0;
                for (int k = 0; k < perWorkspace; k++) {
                    for (int w = 1; w <= workspaces; w++) {
                        id++;
                        int roll = random.nextInt(100);
                        String kind = roll < 90 ? "drift_check" : roll < 98 ? "plan" : "apply";
                        boolean failed = random.nextInt(100) < 3;
                        String cls = kind.equals("apply") || failed ? null : CLASSES[(w + k / 10) % CLASSES.length];
                        Instant at = start.plusSeconds(id * 7);
                        run.setLong(1, id);
                        run.setLong(2, w);
                        run.setString(3, kind);
                        run.setString(4, failed ? "failed" : "succeeded");
                        run.setString(5, cls);
                        run.setTimestamp(6, Timestamp.from(at));
                        run.setTimestamp(7, Timestamp.from(at));
                        run.setTimestamp(8, Timestamp.from(at.plusSeconds(20)));
                        run.setLong(9, 20_000);
                        run.addBatch();
                        if ("drifted".equals(cls) && kind.equals("drift_check")) {
                            for (int f = 0; f < 3; f++) {
                                finding.setLong(1, id);
                                finding.setLong(2, w);
                                finding.setString(3, "aws_s3_bucket.b" + f);
                                finding.addBatch();
                            }
                        }
                        if (++batch % 5000 == 0) {
                            run.executeBatch();
                            finding.executeBatch();
                            c.commit();
                        }
                    }
                }
                run.executeBatch();
                finding.executeBatch();
                c.commit();
            }
            try (PreparedStatement s = c.prepareStatement("ALTER TABLE runs ALTER COLUMN id RESTART WITH " + (id + 1))) {
                s.execute();
            }
            c.commit();
        }
    }

    private static long rss() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return 0;
    }

}
