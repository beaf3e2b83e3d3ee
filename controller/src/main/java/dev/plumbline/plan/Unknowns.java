package dev.plumbline.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Map;

/**
 * Puts {@link Masks#UNKNOWN} where {@code after_unknown} marks a value tofu will only learn during apply. In the
 * plan such a value is null or absent, which would otherwise read as "will be removed".
 */
final class Unknowns {
    private Unknowns() {
    }

    static JsonNode apply(JsonNode after, JsonNode unknown) {
        if (Masks.wholly(unknown)) {
            return TextNode.valueOf(Masks.UNKNOWN);
        }
        if (unknown == null || !Masks.anyMarked(unknown) || after == null) {
            return after;
        }
        if (unknown.isObject() && after.isObject()) {
            ObjectNode filled = ((ObjectNode) after).deepCopy();
            for (Map.Entry<String, JsonNode> mark : unknown.properties()) {
                JsonNode value = apply(filled.get(mark.getKey()), mark.getValue());
                if (value != null) {
                    filled.set(mark.getKey(), value);
                }
            }
            return filled;
        }
        if (unknown.isArray() && after.isArray()) {
            ArrayNode filled = ((ArrayNode) after).deepCopy();
            for (int i = 0; i < unknown.size() && i < filled.size(); i++) {
                filled.set(i, Masks.orNull(apply(filled.get(i), unknown.get(i))));
            }
            return filled;
        }
        return after;
    }
}
