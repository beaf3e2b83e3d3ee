package dev.plumbline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plumbline.plan.Fixtures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class InspectCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    /** The daemon classifies with PlanAnalysis as inspect does: provider noise after a create is not drift here either. */
    @Test
    void noise_of_a_real_provider_right_after_a_create_is_in_sync() throws Exception {
        Path vector = Path.of(System.getProperty("plumbline.repoRoot", "."))
                .resolve("../shared/vectors/cyrilgdn-postgresql/after-create.json").normalize();
        Assumptions.assumeTrue(Files.isRegularFile(vector),
                "skipped: the shared test vectors are absent (expected " + vector + ")");

        int exit = run("inspect", vector.toString(), "--json");

        assertThat(exit).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.path("classification").asText()).isEqualTo("in_sync");
        assertThat(json.path("drift_findings")).hasSize(4)
                .allSatisfy(f -> assertThat(f.path("disposition").asText()).isEqualTo("noise"));
    }

    @Test
    void prints_the_rendered_summary_of_a_plan() {
        int exit = run("inspect", Fixtures.path("changes_pending").toString());

        assertThat(exit).isZero();
        assertThat(out.toString()).startsWith("Classification: changes_pending\n")
                .contains("# terraform_data.settings will be updated in-place")
                .contains("Plan: 1 to add, 1 to change, 0 to destroy.");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void json_flag_prints_classification_counts_changes_drift_and_outputs() throws Exception {
        int exit = run("inspect", Fixtures.path("drifted").toString(), "--json");

        assertThat(exit).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.path("classification").asText()).isEqualTo("drifted");
        assertThat(json.path("errored").asBoolean()).isFalse();
        assertThat(json.at("/counts/add").asInt()).isEqualTo(1);
        assertThat(json.at("/counts/change").asInt()).isZero();
        assertThat(json.at("/counts/destroy").asInt()).isZero();
        assertThat(json.at("/resource_drift/0/address").asText()).isEqualTo("local_file.managed");
        assertThat(json.at("/resource_drift/0/actions/0").asText()).isEqualTo("delete");
        assertThat(json.at("/resource_drift/0/changed_attributes").toString()).contains("\"content\"");
        assertThat(json.path("resource_changes").findValuesAsText("address"))
                .contains("local_file.managed", "local_file.untouched");
        assertThat(json.path("output_changes").isArray()).isTrue();
    }

    @Test
    void json_lists_action_reason_and_changed_attributes() throws Exception {
        run("inspect", "--json", Fixtures.path("replace").toString());

        JsonNode motd = new ObjectMapper().readTree(out.toString()).at("/resource_changes/0");
        assertThat(motd.path("address").asText()).isEqualTo("local_file.motd");
        assertThat(motd.path("actions").toString()).isEqualTo("[\"delete\",\"create\"]");
        assertThat(motd.path("action_reason").asText()).isEqualTo("replace_because_cannot_update");
        assertThat(motd.path("changed_attributes").toString()).contains("\"content\"");
    }

    @Test
    void output_only_plan_is_reported_as_output_only_not_drift() throws Exception {
        run("inspect", "--json", Fixtures.path("output_only").toString());

        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.path("classification").asText()).isEqualTo("output_only");
        assertThat(json.at("/output_changes/0/name").asText()).isEqualTo("greeting");
        assertThat(json.at("/output_changes/0/actions/0").asText()).isEqualTo("update");
        assertThat(json.path("resource_drift")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"in_sync", "drifted", "output_only", "changes_pending", "errored"})
    void exits_zero_whatever_the_classification(String scenario) {
        assertThat(run("inspect", Fixtures.path(scenario).toString())).isZero();
    }

    @Test
    void canary_appears_in_neither_text_nor_json_output() {
        String plan = Fixtures.path("sensitive").toString();

        assertThat(run("inspect", plan)).isZero();
        assertThat(run("inspect", plan, "--json")).isZero();

        assertThat(out.toString()).contains("(sensitive value)").doesNotContain(Fixtures.CANARY);
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void missing_file_gives_a_clear_error_naming_the_file(@TempDir Path dir) {
        Path missing = dir.resolve("nope.json");

        assertThat(run("inspect", missing.toString())).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("plumbline: " + missing + ": reading the file: no such file"
                + System.lineSeparator());
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void invalid_json_gives_a_clear_error_naming_the_file_without_a_stack_trace(@TempDir Path dir)
            throws Exception {
        Path broken = Files.writeString(dir.resolve("plan.json"), "{\"format_version\": \"1.2\",");

        assertThat(run("inspect", broken.toString(), "--json")).isEqualTo(1);
        assertThat(err.toString()).startsWith("plumbline: " + broken + ": reading plan JSON: not valid JSON")
                .doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void a_directory_gives_a_clear_error_naming_it(@TempDir Path dir) {
        assertThat(run("inspect", dir.toString())).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("plumbline: " + dir + ": reading the file: is a directory"
                + System.lineSeparator());
    }

    @Test
    void state_instead_of_plan_is_refused_clearly(@TempDir Path dir) throws Exception {
        Path state = Files.writeString(dir.resolve("state.json"),
                "{\"format_version\":\"1.0\",\"values\":{\"root_module\":{}}}");

        assertThat(run("inspect", state.toString())).isEqualTo(1);
        assertThat(err.toString()).contains(state.toString()).contains("looks like state, not a plan");
    }

    @Test
    void a_list_where_output_changes_must_be_an_object_is_an_error_naming_the_field(@TempDir Path dir)
            throws Exception {
        Path plan = Files.writeString(dir.resolve("plan.json"), "{\"format_version\":\"1.2\",\"planned_values\":{},"
                + "\"output_changes\":[{\"name\":\"greeting\",\"actions\":[\"update\"]}]}");

        assertThat(run("inspect", plan.toString())).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("plumbline: " + plan + ": output_changes: must be an object, got a list"
                + System.lineSeparator());
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void a_string_where_a_change_must_be_an_object_is_an_error_naming_the_field(@TempDir Path dir)
            throws Exception {
        Path plan = Files.writeString(dir.resolve("plan.json"), "{\"format_version\":\"1.2\","
                + "\"resource_changes\":[{\"address\":\"local_file.a\",\"change\":\"create\"}]}");

        assertThat(run("inspect", plan.toString())).isEqualTo(1);
        assertThat(err.toString()).contains(plan + ": resource_changes[0].change: must be an object, got a string");
    }

    @Test
    void a_file_that_is_not_utf8_names_the_byte_and_its_offset(@TempDir Path dir) throws Exception {
        Path plan = Files.write(dir.resolve("plan.json"),
                "{\"format_version\":\"1.2\",\"x\":\"caf\u00e9\"}".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));

        assertThat(run("inspect", plan.toString())).isEqualTo(1);
        assertThat(err.toString()).startsWith("plumbline: " + plan + ": reading the file: not UTF-8: byte 0xe9 at"
                + " byte offset 32").doesNotContain("Exception");
    }

    @Test
    void a_file_over_the_size_bound_is_refused_before_it_is_read(@TempDir Path dir) throws Exception {
        Path plan = dir.resolve("huge.json");
        try (java.io.RandomAccessFile sparse = new java.io.RandomAccessFile(plan.toFile(), "rw")) {
            sparse.setLength(dev.plumbline.plan.PlanFile.MAX_BYTES + 1);
        }

        assertThat(run("inspect", plan.toString())).isEqualTo(1);
        assertThat(err.toString()).isEqualTo("plumbline: " + plan + ": reading the file: it is 257 MB; a plan is read"
                + " up to 256 MB" + System.lineSeparator());
    }
}
