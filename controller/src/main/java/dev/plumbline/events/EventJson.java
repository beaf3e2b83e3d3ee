package dev.plumbline.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plumbline.domain.ChangeEvent;
import dev.plumbline.domain.ResourceIdentifier;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Set;

/** Reading event JSON: bounded, a duplicated key refused, every error naming the field and never quoting values. */
final class EventJson {
    /** An event is a few kilobytes; SQS caps a message at 256 KiB, and so does this. */
    static final int MAX_BYTES = 256 * 1024;
    private static final int MAX_DEPTH = 40;
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build());

    private EventJson() {
    }

    static JsonNode object(String body, String what) {
        if (body == null || body.isBlank()) {
            throw new MalformedEvent("reading " + what + ": the body is empty");
        }
        if (body.length() > MAX_BYTES || body.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw new MalformedEvent("reading " + what + ": the body is over " + (MAX_BYTES / 1024) + " KiB");
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            throw new MalformedEvent("reading " + what + ": not valid JSON" + where);
        }
        if (root == null || !root.isObject()) {
            throw new MalformedEvent("reading " + what + ": expected a JSON object");
        }
        return root;
    }

    /** The text at {@code field}, null when absent or null; a value of another type is an error naming it. */
    static String text(JsonNode node, String field, String what) {
        JsonNode v = node.path(field);
        if (v.isMissingNode() || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new MalformedEvent("reading " + what + ": " + field + " must be a string");
        }
        return v.textValue();
    }

    /** An RFC 3339 time, or null when absent. */
    static Instant time(JsonNode node, String field, String what) {
        String t = text(node, field, what);
        if (t == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            throw new MalformedEvent("reading " + what + ": " + field + " must be an RFC 3339 time such as "
                    + "2026-12-01T09:30:00Z");
        }
    }

    /** Every string value under {@code node} (depth first, bounded), as candidate identifiers. */
    static void strings(JsonNode node, Set<String> into) {
        Deque<JsonNode> todo = new ArrayDeque<>();
        todo.push(node);
        while (!todo.isEmpty() && into.size() < ChangeEvent.MAX_IDENTIFIERS) {
            JsonNode n = todo.pop();
            if (n.isTextual()) {
                identifier(n.textValue(), into);
            } else if (n.isContainerNode()) {
                n.elements().forEachRemaining(todo::push);
            }
        }
    }

    static void identifier(String value, Set<String> into) {
        if (value == null || value.indexOf('\n') >= 0) {
            return;
        }
        String v = ResourceIdentifier.normal(value);
        if (v.length() >= 3 && v.length() <= ResourceIdentifier.MAX_LENGTH && into.size() < ChangeEvent.MAX_IDENTIFIERS) {
            into.add(v);
        }
    }

    static Set<String> set() {
        return new LinkedHashSet<>();
    }
}
