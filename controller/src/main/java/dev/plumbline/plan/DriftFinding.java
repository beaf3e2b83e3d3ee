package dev.plumbline.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * One attribute of one resource that was changed outside Git, as refresh found it; values masked. A resource
 * deleted (or created) outside Git is one finding with an empty path and the whole masked object on one side.
 */
public record DriftFinding(String address, ChangeKind kind, String path, JsonNode before, JsonNode after) {

    public DriftFinding {
        before = copy(before);
        after = copy(after);
    }

    @Override
    public JsonNode before() {
        return before.deepCopy();
    }

    @Override
    public JsonNode after() {
        return after.deepCopy();
    }

    public String beforeText() {
        return ValueText.of(before);
    }

    public String afterText() {
        return ValueText.of(after);
    }

    private static JsonNode copy(JsonNode node) {
        return node == null || node.isMissingNode() ? JsonNodeFactory.instance.nullNode() : node.deepCopy();
    }
}
