package dev.plumbline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plan of 90,000 changes inspected under the heap the {@code plumbline} script gives the CLI (-Xmx512m, and its
 * other JVM options): a real child JVM, since a test cannot shrink its own heap.
 */
class InspectLargePlanIT {
    private static final int CHANGES = 90_000;

    @TempDir
    Path tmp;

    @Test
    void a_plan_of_ninety_thousand_changes_is_inspected_within_the_cli_heap() throws Exception {
        Path plan = tmp.resolve("large.json");
        write(plan);
        assertThat(Files.size(plan)).as("the plan's size").isGreaterThan(27L << 20);

        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-Xms16m", "-Xmx512m", "-XX:TieredStopAtLevel=1", "-Xss512k",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "inspect", plan.toString())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();

        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("inspect finished").isTrue();
        assertThat(p.exitValue()).as("exit code; stderr: %s", Files.readString(err)).isZero();
        assertThat(Files.readString(out)).startsWith("Classification: changes_pending\n")
                .contains("# terraform_data.item[89999] will be created")
                .endsWith("Plan: " + CHANGES + " to add, 0 to change, 0 to destroy.\n");
    }

    /** The shape {@code tofu show -json} gives {@code terraform_data} resources created with count. */
    private static void write(Path file) throws IOException {
        try (JsonGenerator g = new JsonFactory().createGenerator(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
            g.writeStartObject();
            g.writeStringField("format_version", "1.2");
            g.writeStringField("terraform_version", "1.12.6");
            g.writeObjectFieldStart("planned_values");
            g.writeObjectFieldStart("root_module");
            g.writeArrayFieldStart("resources");
            for (int i = 0; i < CHANGES; i++) {
                g.writeStartObject();
                identity(g, i);
                g.writeNumberField("schema_version", 0);
                g.writeFieldName("values");
                values(g, i);
                g.writeObjectFieldStart("sensitive_values");
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndObject();
            g.writeArrayFieldStart("resource_changes");
            for (int i = 0; i < CHANGES; i++) {
                g.writeStartObject();
                identity(g, i);
                g.writeObjectFieldStart("change");
                g.writeArrayFieldStart("actions");
                g.writeString("create");
                g.writeEndArray();
                g.writeNullField("before");
                g.writeFieldName("after");
                values(g, i);
                g.writeObjectFieldStart("after_unknown");
                g.writeBooleanField("id", true);
                g.writeBooleanField("output", true);
                g.writeEndObject();
                g.writeBooleanField("before_sensitive", false);
                g.writeObjectFieldStart("after_sensitive");
                g.writeEndObject();
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeObjectFieldStart("configuration");
            g.writeObjectFieldStart("root_module");
            g.writeEndObject();
            g.writeEndObject();
            g.writeBooleanField("errored", false);
            g.writeEndObject();
        }
    }

    private static void identity(JsonGenerator g, int i) throws IOException {
        g.writeStringField("address", "terraform_data.item[" + i + "]");
        for (String[] field : List.of(new String[] {"mode", "managed"}, new String[] {"type", "terraform_data"},
                new String[] {"name", "item"})) {
            g.writeStringField(field[0], field[1]);
        }
        g.writeNumberField("index", i);
        g.writeStringField("provider_name", "terraform.io/builtin/terraform");
    }

    private static void values(JsonGenerator g, int i) throws IOException {
        g.writeStartObject();
        g.writeStringField("input", "value-" + i);
        g.writeNullField("output");
        g.writeNullField("triggers_replace");
        g.writeEndObject();
    }
}
