package dev.plumbline.plan;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** {@code replace_paths} ({@code [["ingress", 0, "port"]]}) as attribute paths ({@code ingress[0].port}). */
final class ReplacePaths {
    private ReplacePaths() {
    }

    static List<String> of(JsonNode replacePaths, JsonNode beforeMarks, JsonNode afterMarks, Secrets secrets) {
        List<String> paths = new ArrayList<>();
        for (JsonNode steps : replacePaths) {
            String path = path(steps, beforeMarks, afterMarks, secrets);
            if (!path.isEmpty() && !paths.contains(path)) {
                paths.add(path);
            }
        }
        return paths;
    }

    /** The path stops at a value marked sensitive as a whole, or at a key holding a secret. */
    private static String path(JsonNode steps, JsonNode beforeMarks, JsonNode afterMarks, Secrets secrets) {
        String path = "";
        JsonNode before = beforeMarks;
        JsonNode after = afterMarks;
        for (JsonNode step : steps) {
            if (Masks.wholly(before) || Masks.wholly(after) || secrets.exposedIn(step.asText())) {
                break;
            }
            if (step.isInt()) {
                path = path + "[" + step.intValue() + "]";
                before = Masks.child(before, step.intValue());
                after = Masks.child(after, step.intValue());
            } else {
                path = AttributeDiff.append(path, step.asText());
                before = Masks.child(before, step.asText());
                after = Masks.child(after, step.asText());
            }
        }
        return path;
    }
}
