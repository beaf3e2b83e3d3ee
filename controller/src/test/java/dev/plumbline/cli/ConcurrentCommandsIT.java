package dev.plumbline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.testing.InfraRepo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CLI commands started by cron at the same second: real processes on one H2 file, each opening (and, when the file
 * is new, migrating) the store at the same moment. None may fail because another is opening it.
 */
class ConcurrentCommandsIT {
    private static final int ROUNDS = 3;

    @TempDir
    Path tmp;

    private InfraRepo repo;

    @BeforeEach
    void repo() throws Exception {
        repo = InfraRepo.withExamples(tmp.resolve("git"), "workspaces:\n  - name: hello\n    dir: workspaces/hello\n");
    }

    @AfterEach
    void close() {
        repo.close();
    }

    @Test
    void commands_started_together_on_a_new_store_all_succeed() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            Path config = config("fresh-" + round); // a new file each round: the migration is raced too
            List<Finished> done = together(List.of(
                    List.of("runs", "-c", config.toString()),
                    List.of("runs", "-c", config.toString(), "--json")));
            assertThat(done).as("round " + round).allSatisfy(f ->
                    assertThat(f.exit()).as("exit code; stderr: %s", f.err()).isZero());
        }
    }

    @Test
    void three_commands_started_together_on_an_existing_store_succeed_or_fail_for_their_own_reason()
            throws Exception {
        Path config = config("shared");
        for (int round = 0; round < ROUNDS; round++) {
            List<Finished> done = together(List.of(
                    List.of("runs", "-c", config.toString()),
                    List.of("apply", "-c", config.toString(), "424242"),
                    List.of("show", "-c", config.toString(), "424242")));
            assertThat(done.get(0).exit()).as("runs; stderr: %s", done.get(0).err()).isZero();
            for (Finished f : done.subList(1, 3)) {
                assertThat(f.exit()).as("exit code; stderr: %s", f.err()).isEqualTo(1);
                assertThat(f.err()).as("the reason is the run, not the store").contains("424242")
                        .doesNotContain("opening").doesNotContain("Lock file");
            }
        }
    }

    private Path config(String name) throws Exception {
        Path config = tmp.resolve(name + ".yaml");
        Files.writeString(config, repo.daemonConfig("infra", tmp.resolve(name)));
        return config;
    }

    private record Finished(int exit, String err) { }

    /** Starts one JVM per command, all told to begin at the same instant, and waits for them all. */
    private List<Finished> together(List<List<String>> commands) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // far enough ahead that every JVM has started and loaded its classes
        long startAt = System.currentTimeMillis() + 2_000;
        List<Process> processes = new ArrayList<>();
        List<Path> errs = new ArrayList<>();
        for (List<String> command : commands) {
            List<String> argv = new ArrayList<>(List.of(java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-cp", System.getProperty("java.class.path"), AtTheSameMoment.class.getName(),
                    Long.toString(startAt)));
            argv.addAll(command);
            Path err = Files.createTempFile(tmp, "err", ".txt");
            errs.add(err);
            processes.add(new ProcessBuilder(argv).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(err.toFile()).start());
        }
        List<Finished> done = new ArrayList<>();
        for (int i = 0; i < processes.size(); i++) {
            Process p = processes.get(i);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("command %s finished", commands.get(i)).isTrue();
            done.add(new Finished(p.exitValue(), Files.readString(errs.get(i), StandardCharsets.UTF_8)));
        }
        return done;
    }
}
