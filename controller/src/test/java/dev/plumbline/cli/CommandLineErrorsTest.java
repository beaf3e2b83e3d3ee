package dev.plumbline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.testing.BadInput;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** How a command line that cannot run, and a command that fails, end: one line and an exit code of its own. */
class CommandLineErrorsTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @ParameterizedTest
    @ValueSource(strings = {"reconcile", "drift", "plan", "approve", "apply", "runs", "show", "doctor", "inspect",
            "affected", "serve", "demo"})
    void an_unknown_option_is_a_usage_error_that_names_it_whatever_the_command(String command) {
        int exit = run(command, "--bogus");

        assertThat(exit).as("stderr: %s", err).isEqualTo(Main.USAGE).isNotEqualTo(Main.DRIFT);
        assertThat(err.toString()).startsWith("plumbline: " + command + ": unknown option '--bogus'");
        BadInput.assertCleanError(command, err.toString(), List.of("--bogus", "plumbline " + command + " --help"));
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void a_typo_given_to_drift_is_not_read_as_drift_found() {
        assertThat(run("drift", "--al", "-c", "plumbline.yaml")).isEqualTo(64);
        assertThat(err.toString()).startsWith("plumbline: drift: unknown option '--al'");
    }

    @Test
    void a_missing_parameter_and_a_bad_number_are_usage_errors_naming_them() {
        assertThat(run("show", "-c", "x.yaml")).isEqualTo(Main.USAGE);
        assertThat(err.toString()).startsWith("plumbline: show: missing RUN-ID");
        err.getBuffer().setLength(0);

        assertThat(run("runs", "-c", "x.yaml", "--limit", "ten")).isEqualTo(Main.USAGE);
        assertThat(err.toString()).startsWith("plumbline: runs: invalid value for --limit: 'ten'");
        err.getBuffer().setLength(0);

        assertThat(run("approve", "-c", "x.yaml", "7", "--by")).isEqualTo(Main.USAGE);
        assertThat(err.toString()).startsWith("plumbline: approve: option --by needs a value");
    }

    @Test
    void a_missing_required_option_does_not_hide_the_unknown_one_beside_it() {
        assertThat(run("runs", "--bogus")).isEqualTo(Main.USAGE);
        assertThat(err.toString()).startsWith("plumbline: runs: unknown option '--bogus'");
    }

    @Test
    void help_and_version_exit_zero_and_list_the_exit_codes() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("Exit codes:").contains("64").contains("drift found");
        assertThat(run("--version")).isZero();
    }

    @Test
    void an_error_without_a_message_is_an_internal_error_with_its_trace_in_a_file() throws Exception {
        List<String> lines = CommandErrors.lines(new NullPointerException(), "runs");

        assertThat(lines).singleElement().satisfies(line -> {
            BadInput.assertCleanError("NPE", line, List.of("plumbline: runs: internal error"));
            Matcher m = Pattern.compile("details in (\\S+)\\)$").matcher(line);
            assertThat(m.find()).as(line).isTrue();
            Path report = Path.of(m.group(1));
            try {
                assertThat(Files.readString(report)).contains("NullPointerException")
                        .contains("CommandLineErrorsTest");
                assertThat(Files.getPosixFilePermissions(report).toString()).doesNotContain("OTHERS")
                        .doesNotContain("GROUP");
                Files.delete(report);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @Test
    void an_unexpected_runtime_exception_does_not_print_its_class_or_message() {
        List<String> lines = CommandErrors.lines(new ClassCastException("class java.lang.String cannot be cast"),
                "show");

        assertThat(lines).singleElement().satisfies(line -> {
            BadInput.assertCleanError("ClassCast", line, List.of("plumbline: show: internal error"));
            assertThat(line).doesNotContain("cannot be cast");
        });
    }

    @Test
    void running_out_of_memory_says_so_and_how_to_raise_the_heap() {
        List<String> lines = CommandErrors.lines(new OutOfMemoryError("Java heap space"), "inspect");

        assertThat(lines).singleElement().satisfies(line ->
                BadInput.assertCleanError("OOM", line, List.of("inspect: out of memory", "PLUMBLINE_JAVA_OPTS")));
    }

    @Test
    void a_message_for_the_user_is_printed_as_one_clean_line() {
        List<String> lines = CommandErrors.lines(new IllegalStateException(
                "reading x: java.io.IOException: bad\u001b[2J thing\nsecond line"), "runs");

        assertThat(lines).containsExactly("plumbline: reading x: bad\\u001b[2J thing");
    }

    @Test
    void input_repeated_whole_in_a_message_is_cut_and_the_reason_after_it_kept() {
        List<String> lines = CommandErrors.lines(new IllegalArgumentException(
                "reading " + "x".repeat(1_000_000) + ": no such thing"), "runs");

        assertThat(lines).singleElement().satisfies(line -> BadInput.assertCleanError("long", line,
                List.of("(1000000 characters)", ": no such thing")));
    }
}
