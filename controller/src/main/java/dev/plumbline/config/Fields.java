package dev.plumbline.config;

import dev.plumbline.util.Echo;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One YAML mapping being read into a raw record: typed access to its fields, each misfit recorded against the
 * field's path ({@code repos[1].branch}). A field that is absent or written as {@code null} reads as null. After
 * reading, {@link #rejectUnknown()} reports every field that no accessor asked for, which is how typos surface.
 */
final class Fields {
    /** The longest single value: URLs, paths and names are far shorter. */
    static final int MAX_STRING = 4096;
    /** Variable values may carry a JSON document or a certificate. */
    static final int MAX_VALUE = 64 * 1024;
    /** The most items of a list or fields of a mapping that a settings file needs. */
    static final int MAX_ITEMS = 1000;

    private final JsonNode node;
    private final String path;
    private final Problems problems;
    private final Set<String> known = new LinkedHashSet<>();
    private final Set<String> refused = new LinkedHashSet<>();

    private Fields(JsonNode node, String path, Problems problems) {
        this.node = node;
        this.path = path;
        this.problems = problems;
    }

    /** Reads {@code node} as a mapping; anything else but absence is a problem and reads as an empty mapping. */
    static Fields of(JsonNode node, String path, Problems problems) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return new Fields(MissingNode.getInstance(), path, problems);
        }
        if (!node.isObject()) {
            problems.add(path, "must be a mapping of fields, got " + kind(node));
            return new Fields(MissingNode.getInstance(), path, problems);
        }
        return new Fields(node, path, problems);
    }

    String path() {
        return path;
    }

    String path(String name) {
        return Problems.path(path, name);
    }

    Problems problems() {
        return problems;
    }

    /** The names of the fields as written, null-valued ones included, in file order. */
    List<String> names() {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    /** Whether the field is written with a value other than null. */
    boolean has(String name) {
        JsonNode v = node.get(name);
        return v != null && !v.isNull();
    }

    String string(String name) {
        JsonNode v = field(name);
        if (v == null) {
            return null;
        }
        if (!v.isValueNode()) {
            problems.add(path(name), "must be a single value, got " + describe(v));
            return null;
        }
        return bounded(path(name), v.asText(), MAX_STRING);
    }

    // Length is checked before any pattern sees a value: some patterns recurse once per repetition, and a value of
    // a few thousand characters would overflow the stack.
    private String bounded(String at, String text, int max) {
        if (text.length() > max) {
            problems.add(at, "is " + text.length() + " characters long; at most " + max + " are allowed");
            return null;
        }
        return text;
    }

    Integer integer(String name) {
        JsonNode v = field(name);
        if (v == null) {
            return null;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt()) {
            problems.add(path(name), "must be a whole number, got " + describe(v));
            return null;
        }
        return v.intValue();
    }

    Boolean bool(String name) {
        JsonNode v = field(name);
        if (v == null) {
            return null;
        }
        if (!v.isBoolean()) {
            problems.add(path(name), "must be true or false, got " + describe(v));
            return null;
        }
        return v.booleanValue();
    }

    /** A nested mapping; absent reads as an empty one, so defaults apply field by field. */
    Fields mapping(String name) {
        return of(field(name), path(name), problems);
    }

    /** A nested mapping, or null when the field is absent: for sections whose mere presence means something. */
    Fields mappingOrNull(String name) {
        JsonNode v = field(name);
        return v == null ? null : of(v, path(name), problems);
    }

    List<Fields> mappings(String name) {
        List<Fields> out = new ArrayList<>();
        JsonNode v = list(name);
        for (int i = 0; v != null && i < v.size(); i++) {
            String at = path(name) + "[" + i + "]";
            if (v.get(i).isObject()) {
                out.add(of(v.get(i), at, problems));
            } else {
                problems.add(at, "must be a mapping of fields, got " + kind(v.get(i)));
            }
        }
        return out;
    }

    /** A list of single values; an item that is not one is recorded and kept as null, so indexes still match. */
    List<String> strings(String name) {
        List<String> out = new ArrayList<>();
        JsonNode v = list(name);
        for (int i = 0; v != null && i < v.size(); i++) {
            JsonNode item = v.get(i);
            if (item.isValueNode() && !item.isNull()) {
                out.add(bounded(path(name) + "[" + i + "]", item.asText(), MAX_STRING));
            } else {
                problems.add(path(name) + "[" + i + "]", "must be a single value, got " + describe(item));
                out.add(null);
            }
        }
        return out;
    }

    /** A mapping whose values must all be single values (strings, numbers or booleans), read as text. */
    Map<String, String> scalars(String name) {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode v = field(name);
        if (v == null) {
            return out;
        }
        if (!v.isObject()) {
            problems.add(path(name), "must be a mapping of names to values, got " + kind(v));
            return out;
        }
        for (Map.Entry<String, JsonNode> e : v.properties()) {
            if (e.getKey().length() > 200 || e.getKey().chars().anyMatch(Character::isISOControl)) {
                problems.add(path(name) + "." + Echo.text(e.getKey()), "is not a valid name: longer than 200 "
                        + "characters, or holding control characters");
            } else if (e.getValue().isValueNode() && !e.getValue().isNull()) {
                String value = bounded(path(name) + "." + e.getKey(), e.getValue().asText(), MAX_VALUE);
                if (value != null) {
                    out.put(e.getKey(), value);
                }
            } else {
                problems.add(path(name) + "." + e.getKey(), "must be a single value, got " + describe(e.getValue()));
            }
        }
        return out;
    }

    /** The field's value as written (any shape), or null when absent: for free-form data such as parameters. */
    JsonNode json(String name) {
        return field(name);
    }

    /** Reports the field with {@code message} if it is written at all, and says whether it was. */
    boolean refuse(String name, String message) {
        refused.add(name);
        if (node.has(name)) {
            problems.add(path(name), message);
            return true;
        }
        return false;
    }

    void rejectUnknown() {
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String name = e.getKey();
            if (!known.contains(name) && !refused.contains(name)) {
                problems.add(path(Echo.text(name)), "unknown field (expected one of: " + String.join(", ", known) + ")");
            }
        }
    }

    private JsonNode field(String name) {
        known.add(name);
        JsonNode v = node.get(name);
        return v == null || v.isNull() ? null : v;
    }

    private JsonNode list(String name) {
        JsonNode v = field(name);
        if (v != null && !v.isArray()) {
            problems.add(path(name), "must be a list, got " + kind(v));
            return null;
        }
        if (v != null && v.size() > MAX_ITEMS) {
            problems.add(path(name), "has " + v.size() + " items; at most " + MAX_ITEMS + " are allowed");
            return null;
        }
        return v;
    }

    // Where a mapping or list was expected, the value itself is not repeated: a secret pasted into the wrong
    // place (credentials: ghp_...) must not end up in an error message.
    static String kind(JsonNode v) {
        if (v.isObject()) {
            return "a mapping";
        }
        return v.isArray() ? "a list" : "a single value";
    }

    static String describe(JsonNode v) {
        if (v.isObject()) {
            return "a mapping";
        }
        if (v.isArray()) {
            return "a list";
        }
        if (v.isNull()) {
            return "null";
        }
        if (v.isTextual()) {
            return Echo.quote(v.textValue());
        }
        return v.asText();
    }
}
