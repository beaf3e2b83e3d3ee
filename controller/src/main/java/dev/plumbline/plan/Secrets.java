package dev.plumbline.plan;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The sensitive strings of one plan, and a scrubber that hides every other copy of them.
 *
 * <p>Marks alone are not enough: tofu marks what the configuration made sensitive, but a provider may copy a
 * sensitive value into an attribute the marks miss ({@code terraform_data.output} echoes its sensitive
 * {@code input} unmarked in {@code before}), or embed it in a longer string. So every string found at a marked
 * place is remembered, and any string elsewhere that contains one is hidden too. Secrets shorter than
 * {@link #MIN_EMBEDDED} are matched only as whole strings, else every string holding a common short word would be.
 * Only strings are compared; a sensitive number or bool is masked where it is marked, not elsewhere.
 */
final class Secrets {
    static final int MIN_EMBEDDED = 4;

    private final Set<String> values;

    private Secrets(Set<String> values) {
        this.values = values;
    }

    /** The strings found at every sensitive place of the raw document (read only). */
    static Secrets in(ObjectNode raw) {
        Set<String> found = new LinkedHashSet<>();
        SensitivePlaces.walk(raw, (holder, field, marks) -> collect(holder.get(field), marks, found));
        found.remove("");
        found.remove(Masks.SENSITIVE);
        found.remove(Masks.UNKNOWN);
        return new Secrets(found);
    }

    /** The sensitive strings themselves. */
    Set<String> values() {
        return Collections.unmodifiableSet(values);
    }

    static Secrets none() {
        return new Secrets(Set.of());
    }

    boolean exposedIn(String text) {
        if (values.isEmpty()) {
            return false;
        }
        for (String secret : values) {
            if (secret.length() >= MIN_EMBEDDED ? text.contains(secret) : text.equals(secret)) {
                return true;
            }
        }
        return false;
    }

    /** A copy with each string (value or key) that holds a secret replaced by {@link Masks#SENSITIVE}. */
    JsonNode scrub(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isTextual()) {
            return exposedIn(node.textValue()) ? TextNode.valueOf(Masks.SENSITIVE) : node;
        }
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                copy.set(key(field.getKey(), copy), scrub(field.getValue()));
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(child -> copy.add(scrub(child)));
            return copy;
        }
        return node.deepCopy();
    }

    /**
     * Writes {@code node} as {@link #scrub} would return it, without building the copy: a plan's document is
     * scrubbed as it is written.
     */
    void write(JsonNode node, JsonGenerator g) throws IOException {
        if (node.isTextual()) {
            g.writeString(exposedIn(node.textValue()) ? Masks.SENSITIVE : node.textValue());
        } else if (node.isObject()) {
            g.writeStartObject();
            // keys are renamed apart only in an object where one is renamed: most objects have none
            ObjectNode renamed = anyKeyExposed(node) ? JsonNodeFactory.instance.objectNode() : null;
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String name = field.getKey();
                if (renamed != null) {
                    name = key(name, renamed);
                    renamed.putNull(name);
                }
                g.writeFieldName(name);
                write(field.getValue(), g);
            }
            g.writeEndObject();
        } else if (node.isArray()) {
            g.writeStartArray();
            for (JsonNode child : node) {
                write(child, g);
            }
            g.writeEndArray();
        } else {
            g.writeTree(node);
        }
    }

    private boolean anyKeyExposed(JsonNode object) {
        if (values.isEmpty()) {
            return false;
        }
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            if (exposedIn(it.next())) {
                return true;
            }
        }
        return false;
    }

    /** A key holding a secret is renamed; a number keeps two such keys of one object apart. */
    private String key(String key, ObjectNode siblings) {
        // a key that is plainly "(sensitive value)" must not collide with one renamed before it, or one is lost
        if (!exposedIn(key) && !siblings.has(key)) {
            return key;
        }
        String renamed = Masks.SENSITIVE;
        for (int n = 2; siblings.has(renamed); n++) {
            renamed = Masks.SENSITIVE + " " + n;
        }
        return renamed;
    }

    private static void collect(JsonNode value, JsonNode marks, Set<String> found) {
        if (value == null || value.isNull() || !Masks.anyMarked(marks)) {
            return;
        }
        if (marks.isObject() && value.isObject()) {
            for (Map.Entry<String, JsonNode> field : value.properties()) {
                collect(field.getValue(), marks.get(field.getKey()), found);
            }
        } else if (marks.isArray() && value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                collect(value.get(i), marks.get(i), found);
            }
        } else {
            strings(value, found);
        }
    }

    private static void strings(JsonNode value, Set<String> found) {
        if (value.isTextual()) {
            found.add(value.textValue());
        } else if (value.isObject()) {
            // keys are left out: they are attribute names far more often than secrets, and remembering them
            // would hide every attribute of that name in the plan
            value.forEach(child -> strings(child, found));
        } else if (value.isArray()) {
            value.forEach(child -> strings(child, found));
        }
    }
}
