package dev.plumbline.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.store.Database;
import dev.plumbline.testing.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two daemons' schedulers, each in a process of its own, on one store (an H2 file, a PostgreSQL database): the
 * same schedule, every two seconds. Quartz's clustered job store hands each fire to one of them, so the fires of
 * both together come two seconds apart, never two at once.
 */
@ParameterizedClass(name = "on {0}")
@ValueSource(strings = {"H2", "PostgreSQL"})
class ClusteredSchedulesIT {
    static final Duration EVERY = Duration.ofSeconds(2);
    /** Long enough for several fires once both members run. */
    private static final Duration WINDOW = Duration.ofSeconds(14);

    @Parameter
    String store;

    @TempDir
    Path dataDir;

    @Test
    void each_fire_happens_once_in_the_cluster() throws Exception {
        TestPostgres.Db server = store.equals("H2") ? null : TestPostgres.get().newDatabase("cluster");
        Path key = dataDir.resolve("plan.key");
        // migrated and held open here: on H2 this process serves the file to both members
        try (Database db = server == null ? Database.open(dataDir.resolve("plumbline"), key)
                : Database.openUrl(server.url(), server.user(), server.password(), 2, key)) {
            long until = System.currentTimeMillis() + WINDOW.toMillis();
            List<Process> members = new ArrayList<>();
            for (String id : List.of("vm-a:1", "vm-b:2")) {
                members.add(member(server, id, until, key));
            }
            List<Long> fires = new ArrayList<>();
            for (Process p : members) {
                assertThat(p.waitFor(WINDOW.toSeconds() + 60, TimeUnit.SECONDS)).as("a member ended").isTrue();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(p.exitValue()).as("member exit code; stdout: %s", out).isZero();
                out.lines().filter(l -> l.startsWith("fire ")).map(l -> Long.parseLong(l.substring(5)))
                        .forEach(fires::add);
            }
            fires.sort(null);

            assertThat(fires).as("fires while both members ran").hasSizeGreaterThanOrEqualTo(3);
            for (int i = 1; i < fires.size(); i++) {
                assertThat(fires.get(i) - fires.get(i - 1)).as("gap before fire %d of %s", i, fires)
                        .isGreaterThan(EVERY.toMillis() / 2);
            }
        }
    }

    private Process member(TestPostgres.Db server, String id, long until, Path key) throws Exception {
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                ClusterMember.class.getName(), server == null ? dataDir.resolve("plumbline").toString() : "postgres",
                id, Long.toString(until), key.toString()));
        ProcessBuilder pb = new ProcessBuilder(argv).redirectError(ProcessBuilder.Redirect.INHERIT);
        if (server != null) {
            argv.addAll(List.of(server.url(), server.user()));
            pb.command(argv).environment().put("PLUMBLINE_TEST_STORE_PASSWORD", server.password());
        }
        return pb.start();
    }
}
