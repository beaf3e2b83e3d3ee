package dev.plumbline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.testing.BadInput;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon-config part of the bad-input corpus ({@code bad-input/daemon-config.cases}): each config is handed
 * to a command as {@code -c FILE}, as a careless or hostile operator would, and must be refused with exit code 1
 * and one clean line naming the file and the field, quickly, without creating the data directory.
 */
class DaemonConfigCorpusTest {
    /** A hang detector: every case is refused in milliseconds when nothing backtracks or overflows. */
    private static final Duration HANG = Duration.ofSeconds(10);

    @TempDir
    Path tmp;

    @TestFactory
    Stream<DynamicTest> every_bad_daemon_config_is_refused_with_a_clean_message() {
        List<BadInput.Case> cases = BadInput.load("daemon-config");
        assertThat(cases).hasSizeGreaterThanOrEqualTo(100);
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c)));
    }

    private void check(BadInput.Case c) throws Exception {
        Path dir = Files.createTempDirectory(tmp, "case");
        Path file = dir.resolve("plumbline.yaml");
        Path data = dir.resolve("data");
        // Byte for byte: the inputs may hold bytes that are not UTF-8.
        byte[] input = new String(c.input(), StandardCharsets.ISO_8859_1).replace("@DATA@", data.toString())
                .getBytes(StandardCharsets.ISO_8859_1);
        switch (c.header("kind", "file")) {
            case "directory" -> Files.createDirectory(file);
            case "missing" -> { }
            default -> Files.write(file, input);
        }
        CommandRun run = CommandRun.of(c.toString(), HANG, "runs", "-c", file.toString());
        assertThat(run.exit()).as(c + ": exit code; stderr: " + run.err()).isEqualTo(1);
        assertThat(run.out()).as(c + ": stdout").isEmpty();
        List<String> names = new ArrayList<>(c.expected());
        names.add(0, file.toString());
        BadInput.assertCleanError(c.toString(), run.err(), names);
        assertThat(data).as(c + ": no data directory was made").doesNotExist();
    }
}
