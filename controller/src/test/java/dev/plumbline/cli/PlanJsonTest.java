package dev.plumbline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.testing.BadInput;
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
 * The {@code plan-json} corpus: files that are not a plan {@code inspect} can read (wrong types, truncated, not
 * UTF-8, duplicate keys, too deep...). Each must exit 1 with one clean line naming the file and what in it is wrong,
 * print nothing on stdout, and end in time.
 */
class PlanJsonTest {
    private static final Duration BOUND = Duration.ofSeconds(10);

    @TempDir
    static Path tmp;

    @TestFactory
    Stream<DynamicTest> every_bad_plan_is_refused_with_one_line_naming_the_file_and_the_field() {
        List<BadInput.Case> cases = BadInput.load("plan-json");
        assertThat(cases).hasSizeGreaterThanOrEqualTo(60);
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c)));
    }

    private void check(BadInput.Case c) throws Exception {
        Path file = Files.write(Files.createTempFile(tmp, "plan-", ".json"), c.input());
        List<String> names = new ArrayList<>(c.expected());
        names.add(0, "plumbline: " + file + ": ");

        CommandRun run = CommandRun.of(c.toString(), BOUND, c.header("args", "").isEmpty()
                ? new String[] {"inspect", file.toString()}
                : new String[] {"inspect", c.header("args", ""), file.toString()});

        assertThat(run.exit()).as("%s: exit code; stderr: %s", c, run.err())
                .isEqualTo(Integer.parseInt(c.header("exit", "1")));
        BadInput.assertCleanError(c.toString(), run.err(), names);
        assertThat(run.out()).as("%s: stdout", c).isEmpty();
    }
}
