package dev.plumbline.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finds the attribute paths whose values differ between {@code before} and {@code after} of one change.
 *
 * <p>Values are compared raw, so a change of a sensitive value is still found, and shown masked and scrubbed of
 * the plan's secrets; the digests of a sensitive attribute count as sensitive ({@link DigestMarks}). The walk
 * never descends into a value marked sensitive as a whole, nor into a map with a key holding a secret: the keys
 * would become paths.
 */
final class AttributeDiff {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
    private static final JsonNode NULL = JsonNodeFactory.instance.nullNode();

    private final List<AttributeChange> changes = new ArrayList<>();
    private final Secrets secrets;
    private final boolean drift;

    private AttributeDiff(Secrets secrets, boolean drift) {
        this.secrets = secrets;
        this.drift = drift;
    }

    static List<AttributeChange> between(JsonNode before, JsonNode after,
            JsonNode beforeMarks, JsonNode afterMarks, JsonNode afterUnknown, Secrets secrets) {
        return between(before, after, beforeMarks, afterMarks, afterUnknown, secrets, false);
    }

    /**
     * The marks are the change's {@code before_sensitive}, {@code after_sensitive} and {@code after_unknown}. With
     * {@code drift} (an entry of refresh's drift) an attribute whose values are equal once normalised, or whose new
     * value is unknown, is one change marked {@link AttributeChange#noise()}: the raw values decide, so a sensitive
     * value that really changed is never taken for noise.
     */
    static List<AttributeChange> between(JsonNode before, JsonNode after,
            JsonNode beforeMarks, JsonNode afterMarks, JsonNode afterUnknown, Secrets secrets, boolean drift) {
        AttributeDiff diff = new AttributeDiff(secrets, drift);
        diff.walk("", value(before), value(after), DigestMarks.widen(before, beforeMarks),
                DigestMarks.widen(after, afterMarks), afterUnknown);
        return List.copyOf(diff.changes);
    }

    private void walk(String path, JsonNode before, JsonNode after,
            JsonNode beforeMarks, JsonNode afterMarks, JsonNode unknown) {
        if (Masks.wholly(unknown)) {
            changes.add(new AttributeChange(path, shown(before, beforeMarks), TextNode.valueOf(Masks.UNKNOWN), drift));
            return;
        }
        if (drift && !path.isEmpty() && !before.equals(after) && Normalised.equivalent(before, after)) {
            changes.add(new AttributeChange(path, shown(before, beforeMarks), shown(after, afterMarks), true));
            return;
        }
        boolean sensitive = Masks.wholly(beforeMarks) || Masks.wholly(afterMarks)
                || keyExposes(before) || keyExposes(after);
        if (!sensitive && isObjectPair(before, after)) {
            for (String key : keys(before, after, unknown)) {
                walk(append(path, key), value(before.get(key)), value(after.get(key)),
                        Masks.child(beforeMarks, key), Masks.child(afterMarks, key), Masks.child(unknown, key));
            }
            return;
        }
        if (!sensitive && isArrayPair(before, after)) {
            int size = Math.max(Math.max(before.size(), after.size()), unknown == null ? 0 : unknown.size());
            for (int i = 0; i < size; i++) {
                walk(path + "[" + i + "]", value(before.get(i)), value(after.get(i)),
                        Masks.child(beforeMarks, i), Masks.child(afterMarks, i), Masks.child(unknown, i));
            }
            return;
        }
        if (!before.equals(after) || Masks.anyMarked(unknown)) {
            JsonNode shownAfter = Masks.anyMarked(unknown) && !Masks.anyMarked(afterMarks)
                    ? TextNode.valueOf(Masks.UNKNOWN) : shown(after, afterMarks);
            changes.add(new AttributeChange(path, shown(before, beforeMarks), shownAfter,
                    drift && Masks.anyMarked(unknown)));
        }
    }

    private JsonNode shown(JsonNode value, JsonNode marks) {
        return secrets.scrub(Masks.apply(value, marks));
    }

    /** A map keyed by a secret is shown whole (and scrubbed): its keys must not become paths. */
    private boolean keyExposes(JsonNode node) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            if (secrets.exposedIn(it.next())) {
                return true;
            }
        }
        return false;
    }

    /** A missing or null side counts as empty, so a created object lists its attributes one by one. */
    private static boolean isObjectPair(JsonNode before, JsonNode after) {
        return (before.isObject() || before.isNull()) && (after.isObject() || after.isNull())
                && (before.isObject() || after.isObject());
    }

    private static boolean isArrayPair(JsonNode before, JsonNode after) {
        return (before.isArray() || before.isNull()) && (after.isArray() || after.isNull())
                && (before.isArray() || after.isArray());
    }

    /** Keys of both sides, plus those only marked unknown: an unknown attribute is absent from {@code after}. */
    private static Set<String> keys(JsonNode before, JsonNode after, JsonNode unknown) {
        Set<String> keys = new LinkedHashSet<>();
        before.fieldNames().forEachRemaining(keys::add);
        after.fieldNames().forEachRemaining(keys::add);
        if (unknown != null && unknown.isObject()) {
            for (Iterator<String> it = unknown.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (Masks.anyMarked(unknown.get(key))) {
                    keys.add(key);
                }
            }
        }
        return keys;
    }

    static String append(String path, String key) {
        if (IDENTIFIER.matcher(key).matches()) {
            return path.isEmpty() ? key : path + "." + key;
        }
        return path + "[" + JsonNodeFactory.instance.textNode(key) + "]";
    }

    private static JsonNode value(JsonNode node) {
        return node == null || node.isMissingNode() ? NULL : node;
    }
}
