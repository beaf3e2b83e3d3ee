package dev.plumbline.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * One changed attribute of a resource, at a path such as {@code content}, {@code tags.env} or
 * {@code ingress[0].port}. Both values are already masked: a sensitive value reads {@link Masks#SENSITIVE}, a
 * value known only after apply reads {@link Masks#UNKNOWN}. {@code noise} is set only on refresh's drift: the two
 * values are the same once normalised ({@link Normalised}), or the new one is not known.
 */
public record AttributeChange(String path, JsonNode before, JsonNode after, boolean noise) {

    public AttributeChange {
        before = copy(before);
        after = copy(after);
    }

    public AttributeChange(String path, JsonNode before, JsonNode after) {
        this(path, before, after, false);
    }

    // JsonNode is mutable: hand out copies so a caller cannot alter the analysis.
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
