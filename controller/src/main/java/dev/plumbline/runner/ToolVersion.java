package dev.plumbline.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;

/** Asks a tool for its version ({@code version -json}), which every run records. */
public final class ToolVersion {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ToolVersion() { }

    public static String of(Tofu tofu, Path dir) {
        CommandResult r = tofu.version(dir).call(OutputSink.DISCARD, Cancellation.none());
        if (!r.succeeded()) {
            throw new RunnerException("asking " + tofu.binary() + " for its version: " + r.describeFailure());
        }
        try {
            JsonNode v = JSON.readTree(r.stdout()).path("terraform_version");
            if (v.isMissingNode()) {
                throw new RunnerException("asking " + tofu.binary() + " for its version: no terraform_version in its answer");
            }
            return v.asText();
        } catch (IOException e) {
            throw new RunnerException("asking " + tofu.binary() + " for its version: " + e.getMessage(), e);
        }
    }
}
