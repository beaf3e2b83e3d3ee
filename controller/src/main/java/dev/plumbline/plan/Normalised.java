package dev.plumbline.plan;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Whether two values of one attribute are the same value written two ways, as providers write them between a
 * create and the next read: null and an empty list, set, map or string; a JSON document encoded as a string with
 * other spacing or key order (policies); a set read back in another order; trailing whitespace and newlines.
 *
 * <p>A list whose order matters is compared as a set too: this decides only what refresh's drift is called. A plan
 * that would reorder the list says so in its resource changes, which this never hides.
 */
final class Normalised {
    /** Longer lists are compared in order only: matching elements pairwise is quadratic. */
    private static final int MAX_SET_MATCH = 500;
    /** A JSON-encoded string longer than this is compared as text. */
    private static final int MAX_JSON_TEXT = 1 << 20;

    private Normalised() {
    }

    static boolean equivalent(JsonNode a, JsonNode b) {
        if (blank(a) || blank(b)) {
            return blank(a) && blank(b);
        }
        if (a.isTextual() && b.isTextual()) {
            return text(a.textValue(), b.textValue());
        }
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        if (a.isObject() && b.isObject()) {
            return objects(a, b);
        }
        if (a.isArray() && b.isArray()) {
            return arrays(a, b);
        }
        return a.equals(b);
    }

    /** Null, absent, or empty: what a provider may store for "nothing" on create and read back otherwise. */
    private static boolean blank(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode() || (n.isContainerNode() && n.isEmpty())
                || (n.isTextual() && n.textValue().isEmpty());
    }

    private static boolean text(String a, String b) {
        if (a.stripTrailing().equals(b.stripTrailing())) {
            return true;
        }
        JsonNode ja = json(a);
        JsonNode jb = ja == null ? null : json(b);
        return ja != null && jb != null && equivalent(ja, jb);
    }

    /** The document a string encodes, when it is a JSON object or array; null otherwise. */
    private static JsonNode json(String s) {
        String t = s.strip();
        if (t.length() > MAX_JSON_TEXT || t.length() < 2
                || !((t.startsWith("{") && t.endsWith("}")) || (t.startsWith("[") && t.endsWith("]")))) {
            return null;
        }
        try {
            return PlanReader.mapper().readTree(t);
        } catch (IOException e) {
            return null; // not JSON after all: compared as text
        }
    }

    private static boolean objects(JsonNode a, JsonNode b) {
        Set<String> keys = new LinkedHashSet<>();
        a.fieldNames().forEachRemaining(keys::add);
        b.fieldNames().forEachRemaining(keys::add);
        for (String key : keys) {
            if (!equivalent(a.get(key), b.get(key))) {
                return false;
            }
        }
        return true;
    }

    private static boolean arrays(JsonNode a, JsonNode b) {
        if (a.size() != b.size()) {
            return false;
        }
        boolean inOrder = true;
        for (int i = 0; i < a.size() && inOrder; i++) {
            inOrder = equivalent(a.get(i), b.get(i));
        }
        return inOrder || (a.size() <= MAX_SET_MATCH && sameElements(a, b));
    }

    /** Each element of {@code a} matched to its own equivalent element of {@code b}. */
    private static boolean sameElements(JsonNode a, JsonNode b) {
        boolean[] used = new boolean[b.size()];
        for (Iterator<JsonNode> it = a.elements(); it.hasNext(); ) {
            JsonNode x = it.next();
            int match = -1;
            for (int j = 0; j < b.size() && match < 0; j++) {
                if (!used[j] && equivalent(x, b.get(j))) {
                    match = j;
                }
            }
            if (match < 0) {
                return false;
            }
            used[match] = true;
        }
        return true;
    }
}
