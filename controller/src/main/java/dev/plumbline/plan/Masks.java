package dev.plumbline.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Map;

/**
 * Applies tofu's sensitivity marks to a value. A mark is {@code true} (the whole value is sensitive) or an
 * object/array mirroring the value with {@code true} at the sensitive leaves; anything else means not sensitive.
 */
public final class Masks {
    /** What a sensitive value is replaced with, spelled as tofu spells it in its own plan output. */
    public static final String SENSITIVE = "(sensitive value)";
    /** What stands for a value that is only known after apply: it is not a value, so there is nothing to hide. */
    public static final String UNKNOWN = "(known after apply)";

    private Masks() {
    }

    /** A copy of {@code value} with every marked part replaced by {@link #SENSITIVE}; null stays null. */
    public static JsonNode apply(JsonNode value, JsonNode marks) {
        if (value == null || value.isMissingNode()) {
            return null;
        }
        if (value.isNull() || !anyMarked(marks)) {
            return value.deepCopy();
        }
        if (marks.isObject() && value.isObject()) {
            ObjectNode masked = JsonNodeFactory.instance.objectNode();
            for (Map.Entry<String, JsonNode> field : value.properties()) {
                masked.set(field.getKey(), orNull(apply(field.getValue(), marks.get(field.getKey()))));
            }
            return masked;
        }
        if (marks.isArray() && value.isArray()) {
            ArrayNode masked = JsonNodeFactory.instance.arrayNode();
            for (int i = 0; i < value.size(); i++) {
                masked.add(orNull(apply(value.get(i), marks.get(i))));
            }
            return masked;
        }
        // A mark of true, or marks shaped unlike the value: hide all of it rather than guess which part is safe.
        return TextNode.valueOf(SENSITIVE);
    }

    /** Whether the mark is true or holds a true anywhere inside. Strings or numbers are read as marked. */
    public static boolean anyMarked(JsonNode marks) {
        if (marks == null || marks.isNull() || marks.isMissingNode()) {
            return false;
        }
        if (marks.isBoolean()) {
            return marks.booleanValue();
        }
        if (marks.isContainerNode()) {
            for (JsonNode child : marks) {
                if (anyMarked(child)) {
                    return true;
                }
            }
            return false;
        }
        return true;
    }

    /** Whether the mark says the whole value (not just parts of it) is sensitive. */
    static boolean wholly(JsonNode marks) {
        return marks != null && !marks.isContainerNode() && anyMarked(marks);
    }

    /** The mark for a child of a value: a whole-value mark covers its children too. */
    static JsonNode child(JsonNode marks, String key) {
        return wholly(marks) ? marks : marks == null ? null : marks.get(key);
    }

    static JsonNode child(JsonNode marks, int index) {
        return wholly(marks) ? marks : marks == null ? null : marks.get(index);
    }

    static JsonNode orNull(JsonNode node) {
        return node == null ? JsonNodeFactory.instance.nullNode() : node;
    }
}
