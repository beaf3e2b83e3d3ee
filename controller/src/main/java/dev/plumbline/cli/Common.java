package dev.plumbline.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every command that works on the daemon's data takes. */
final class Common {
    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE",
            description = "The daemon config (YAML): data_dir, repos, tools.")
    Path config;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("writing JSON: " + e.getMessage(), e);
        }
    }
}
