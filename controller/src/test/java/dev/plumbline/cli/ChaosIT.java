package dev.plumbline.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.plumbline.cli.ChaosLedger.RunRow;
import dev.plumbline.store.Database;
import dev.plumbline.testing.InfraRepo;
import dev.plumbline.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real {@code serve} processes on one PostgreSQL store, each with a data dir of its own and the same plan key
 * and repo; thirty workspaces whose state is in tofu's {@code pg} backend on the same server; a stream of pushes
 * and drift checks every half minute, while a loop kills a daemon picked at random with SIGKILL (its tools with it)
 * and starts it again a moment later. Then the killing stops, the daemons settle and stop, and the store must show
 * that nothing was lost and nothing ran twice: every piece of work and every run ended once, no plan was applied
 * twice, no two runs of a workspace overlapped, and the last value pushed to each workspace is in its state.
 *
 * <p>The chaos is drawn from a seed, printed first; {@code -Dchaos.seed=N} replays the same pushes and kills (their
 * moments relative to the start; the daemons' own timing is not replayed).
 */
class ChaosIT {
    private static final int DAEMONS = 3;
    private static final int WORKSPACES = 30;
    private static final Duration SHORTEST_CHAOS = Duration.ofSeconds(60);
    private static final Duration SETTLE = Duration.ofMinutes(4);
    private static final List<String> JVM = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx384m");

    /** Kept when the test fails: the daemons' logs are there, named daemon-N.log. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path tmp;

    private final ServeProcess[] daemons = new ServeProcess[DAEMONS];
    private final Path[] configs = new Path[DAEMONS];
    private final int[] ports = new int[DAEMONS];
    private Map<String, String> env;
    private InfraRepo repo;
    private long began;

    @AfterEach
    void stopAll() throws Exception {
        for (ServeProcess d : daemons) {
            if (d != null) {
                d.close();
            }
        }
        if (repo != null) {
            repo.close();
        }
    }

    @Test
    void three_daemons_killed_at_random_lose_no_change_and_run_nothing_twice() throws Exception {
        long seed = Long.getLong("chaos.seed", System.nanoTime());
        System.out.println("ChaosIT seed " + seed + " (replay with -Dchaos.seed=" + seed + ")");
        Random random = new Random(seed);
        TestPostgres.Db store = TestPostgres.get().newDatabase("chaos");
        TestPostgres.Db states = TestPostgres.get().newDatabase("chaos_states");
        ChaosLedger ledger = new ChaosLedger(store, states);
        repo = InfraRepo.withExamples(tmp.resolve("git"), "autodiscover: false\nworkspaces: []\n");
        ChaosWorkspaces workspaces = new ChaosWorkspaces(repo, WORKSPACES, stateConnection(states));
        configure(store);
        began = System.nanoTime();
        for (int i = 0; i < DAEMONS; i++) {
            daemons[i] = ServeProcess.start(configs[i], env, "daemon-" + i, JVM);
        }
        for (int i = 0; i < DAEMONS; i++) {
            daemons[i].awaitHealthy(ports[i]);
        }
        await().atMost(Duration.ofMinutes(1)).until(() -> !ledger.strings("SELECT commit_sha FROM repo_heads").isEmpty());

        ZonedDateTime t0 = ZonedDateTime.now();
        ZonedDateTime lastDriftMinute = t0.plusSeconds(30).truncatedTo(ChronoUnit.MINUTES);
        log("add " + WORKSPACES + " workspaces, drift checks until " + lastDriftMinute.plusMinutes(1));
        workspaces.addAll(minutes(t0.plusSeconds(10).truncatedTo(ChronoUnit.MINUTES), lastDriftMinute));
        ZonedDateTime end = lastDriftMinute.plusMinutes(1);
        if (end.isBefore(t0.plus(SHORTEST_CHAOS))) {
            end = t0.plus(SHORTEST_CHAOS);
        }
        Chaos chaos = chaos(random, workspaces, end);

        settle(ledger, workspaces);
        for (ServeProcess d : daemons) {
            d.close();
        }
        check(ledger, workspaces, chaos);
    }

    private record Chaos(int kills, int restarts, int pushes) { }

    /** Pushes and kills until {@code end}; every daemon runs again when it returns. */
    private Chaos chaos(Random random, ChaosWorkspaces workspaces, ZonedDateTime end) throws Exception {
        int kills = 0;
        int restarts = 0;
        int pushes = 0;
        int down = -1;
        long restartAt = 0;
        long nextKill = now() + 3_000 + random.nextInt(5_000);
        while (ZonedDateTime.now().isBefore(end)) {
            log("push " + workspaces.push(random));
            pushes++;
            if (down >= 0 && now() >= restartAt) {
                log("start daemon-" + down);
                daemons[down] = ServeProcess.start(configs[down], env, "daemon-" + down, JVM);
                restarts++;
                down = -1;
            } else if (down < 0 && now() >= nextKill) {
                down = random.nextInt(DAEMONS);
                log("SIGKILL daemon-" + down);
                daemons[down].kill();
                kills++;
                restartAt = now() + 1_000 + random.nextInt(4_000);
                nextKill = now() + 5_000 + random.nextInt(8_000);
            }
            for (int i = 0; i < DAEMONS; i++) {
                if (i != down) {
                    assertThat(daemons[i].isAlive()).as("daemon-%d runs; its output:\n%s", i, daemons[i].output())
                            .isTrue();
                }
            }
            Thread.sleep(1_000 + random.nextInt(2_500)); // the pace of the pushes, not a wait for an outcome
        }
        if (down >= 0) {
            log("start daemon-" + down);
            daemons[down] = ServeProcess.start(configs[down], env, "daemon-" + down, JVM);
            restarts++;
        }
        return new Chaos(kills, restarts, pushes);
    }

    /** Until every value pushed is in its workspace's state and nothing is queued, running or about to fire. */
    private void settle(ChaosLedger ledger, ChaosWorkspaces workspaces) {
        for (int i = 0; i < DAEMONS; i++) {
            daemons[i].awaitHealthy(ports[i]);
        }
        log("settling");
        try {
            await().atMost(SETTLE).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
                assertThat(ledger.appliedValues(workspaces.names())).as("values in the states")
                        .isEqualTo(workspaces.lastPushed());
                assertThat(ledger.stillBusy()).as("still to do").isEmpty();
            });
        } catch (AssertionError | RuntimeException e) {
            System.out.println("ChaosIT did not settle; the daemons' logs are in " + tmp);
            ledger.explain(workspaces.lastPushed()).forEach(l -> System.out.println("ChaosIT   " + l));
            throw e;
        }
        log("settled");
    }

    private void check(ChaosLedger ledger, ChaosWorkspaces workspaces, Chaos chaos) throws Exception {
        List<RunRow> runs = ledger.runs();
        assertThat(ledger.strings("SELECT id, state FROM queued_work WHERE state IN ('queued', 'claimed')"))
                .as("work not ended").isEmpty();
        assertThat(ledger.strings("SELECT id, state FROM queued_work WHERE finished_at IS NULL"))
                .as("work ended without its end time").isEmpty();
        assertThat(ledger.strings("SELECT run_id, count(*) FROM queued_work WHERE run_id IS NOT NULL"
                + " GROUP BY run_id HAVING count(*) > 1")).as("runs made by two pieces of work").isEmpty();
        assertThat(runs).as("runs not ended").filteredOn(r -> r.finishedAt() == null
                || r.status().equals("running") || r.status().equals("pending")).isEmpty();
        assertThat(runs).as("runs presumed lost that ended a second time")
                .filteredOn(r -> r.presumedLostAt() != null && !r.status().equals("interrupted")).isEmpty();
        List<String> doubled = doubledApplies(runs);
        assertThat(doubled).as("plans applied more than once").isEmpty();
        assertThat(runs).as("applies without their plan")
                .filteredOn(r -> r.kind().equals("apply") && r.planRunId() == null).isEmpty();
        List<String> overlaps = overlaps(runs);
        assertThat(overlaps).as("runs of one workspace at the same time").isEmpty();
        Map<String, String> applied = ledger.appliedValues(workspaces.names());
        long lost = workspaces.lastPushed().entrySet().stream()
                .filter(e -> !e.getValue().equals(applied.get(e.getKey()))).count();
        assertThat(applied).as("the last value pushed to each workspace, in its state")
                .isEqualTo(workspaces.lastPushed());

        long interrupted = runs.stream().filter(r -> r.status().equals("interrupted")).count();
        System.out.printf("ChaosIT figures: %d runs (%s), %d pushes changing %d values, %d kills, %d restarts,"
                + " %d interrupted, lost %d, doubled %d, overlapping %d; work %s; %.0f s in all%n", runs.size(),
                byTrigger(runs), chaos.pushes(), workspaces.changes(), chaos.kills(), chaos.restarts(), interrupted,
                lost, doubled.size(), overlaps.size(),
                ledger.strings("SELECT state, count(*) FROM queued_work GROUP BY state ORDER BY state"),
                (now() - began / 1_000_000) / 1000.0);
    }

    /** The plans with more than one apply run, whatever became of it. */
    private static List<String> doubledApplies(List<RunRow> runs) {
        return runs.stream().filter(r -> r.kind().equals("apply") && r.planRunId() != null)
                .collect(Collectors.groupingBy(RunRow::planRunId)).entrySet().stream()
                .filter(e -> e.getValue().size() > 1).map(e -> "plan " + e.getKey() + ": " + e.getValue()).toList();
    }

    /** Pairs of runs of one workspace where the later started before the earlier ended. */
    private static List<String> overlaps(List<RunRow> runs) {
        Map<String, List<RunRow>> byWorkspace = new TreeMap<>(runs.stream().filter(r -> r.startedAt() != null)
                .collect(Collectors.groupingBy(RunRow::workspace)));
        List<String> found = new ArrayList<>();
        byWorkspace.forEach((ws, list) -> {
            list.sort((a, b) -> a.startedAt().compareTo(b.startedAt()));
            RunRow latest = null;
            for (RunRow r : list) {
                if (latest != null && r.startedAt().before(latest.finishedAt())) {
                    found.add(latest + " and " + r);
                }
                if (latest == null || r.finishedAt().after(latest.finishedAt())) {
                    latest = r;
                }
            }
        });
        return found;
    }

    private static String byTrigger(List<RunRow> runs) {
        StringJoiner out = new StringJoiner(", ");
        new TreeMap<>(runs.stream().collect(Collectors.groupingBy(r -> r.trigger() + " " + r.kind() + " " + r.status(),
                Collectors.counting()))).forEach((k, n) -> out.add(n + " " + k));
        return out.toString();
    }

    /** The config of each daemon, its data dir holding the plan key that the first store opening made. */
    private void configure(TestPostgres.Db store) throws Exception {
        env = Map.of("PLUMBLINE_TEST_STORE_PASSWORD", store.password());
        Path key = tmp.resolve("plan.key");
        Database.openUrl(store.url(), store.user(), store.password(), 2, key).close(); // migrated once, here
        for (int i = 0; i < DAEMONS; i++) {
            Path data = Files.createDirectories(tmp.resolve("data-" + i));
            Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwx------"));
            Files.copy(key, data.resolve("plan.key"), StandardCopyOption.COPY_ATTRIBUTES);
            ports[i] = ServeProcess.freePort();
            configs[i] = tmp.resolve("daemon-" + i + ".yaml");
            Files.writeString(configs[i], repo.daemonConfig("infra", data) + """
                    http: {bind: 127.0.0.1, port: %d}
                    poll_interval: 1s
                    max_concurrent_runs: 2
                    retry: {max_attempts: 3, initial_backoff: 2s, max_backoff: 4s}
                    store:
                      url: %s
                      user: %s
                      password_env: PLUMBLINE_TEST_STORE_PASSWORD
                      pool_size: 4
                    """.formatted(ports[i], store.url(), store.user()));
        }
    }

    /**
     * A libpq URL for the workspaces' {@code pg} backend: a role of its own that owns the states' database, so
     * that the store's password is not written into the repository's settings.
     */
    private static String stateConnection(TestPostgres.Db states) throws Exception {
        String role = states.name() + "_owner";
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        String password = HexFormat.of().formatHex(secret);
        try (Connection c = DriverManager.getConnection(states.url(), states.user(), states.password());
             Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + password + "'");
            s.execute("ALTER DATABASE " + states.name() + " OWNER TO " + role);
        }
        return "postgres://" + role + ":" + password + "@127.0.0.1:" + TestPostgres.get().port() + "/"
                + states.name() + "?sslmode=disable";
    }

    /** A cron minutes field for the minutes from {@code first} to {@code last}. */
    private static String minutes(ZonedDateTime first, ZonedDateTime last) {
        StringJoiner out = new StringJoiner(",");
        for (ZonedDateTime m = first; !m.isAfter(last); m = m.plusMinutes(1)) {
            out.add(Integer.toString(m.getMinute()));
        }
        return out.toString();
    }

    private long now() {
        return System.nanoTime() / 1_000_000;
    }

    private void log(String what) {
        System.out.printf("ChaosIT +%.1f s: %s%n", (now() - began / 1_000_000) / 1000.0, what);
    }
}
