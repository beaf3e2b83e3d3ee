package dev.plumbline.events;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plumbline.domain.ChangeEvent;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The body of {@code POST /api/v1/events}: {@code {"source": "gcp-audit", "identifiers": ["..."], "actor": "...",
 * "action": "...", "time": "RFC 3339"}}, with optional {@code id} (the poster's own id for the event, so a retried
 * post is stored once), {@code source_ip}, {@code user_agent} and {@code read_only}.
 */
public final class PostedEvent {
    private static final Pattern SOURCE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,99}");
    private static final String WHAT = "the posted event";
    private static final Set<String> FIELDS = Set.of("source", "identifiers", "actor", "action", "time", "id",
            "source_ip", "user_agent", "read_only");

    private PostedEvent() {
    }

    /** @throws MalformedEvent naming the field that is missing or wrong */
    public static ChangeEvent read(String body, Instant receivedAt) {
        JsonNode root = EventJson.object(body, WHAT);
        root.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f)) {
                throw new MalformedEvent("reading " + WHAT + ": unknown field (" + f.length() + " characters; "
                        + "expected one of: source, identifiers, actor, action, time, id, source_ip, user_agent, "
                        + "read_only)");
            }
        });
        String source = EventJson.text(root, "source", WHAT);
        if (source == null || !SOURCE.matcher(source).matches()) {
            throw new MalformedEvent("reading " + WHAT + ": source must be set: a name of 1 to 100 letters, digits, "
                    + "'.', '_', ':', '/' or '-' (gcp-audit, azure-event-grid, k8s-audit)");
        }
        JsonNode list = root.path("identifiers");
        if (!list.isArray() || list.isEmpty()) {
            throw new MalformedEvent("reading " + WHAT + ": identifiers must be a non-empty list of strings");
        }
        if (list.size() > ChangeEvent.MAX_IDENTIFIERS) {
            throw new MalformedEvent("reading " + WHAT + ": identifiers has " + list.size() + " entries, at most "
                    + ChangeEvent.MAX_IDENTIFIERS + " are read");
        }
        Set<String> ids = EventJson.set();
        for (int i = 0; i < list.size(); i++) {
            if (!list.get(i).isTextual()) {
                throw new MalformedEvent("reading " + WHAT + ": identifiers[" + i + "] must be a string");
            }
            EventJson.identifier(list.get(i).textValue(), ids);
        }
        if (ids.isEmpty()) {
            throw new MalformedEvent("reading " + WHAT + ": identifiers holds no identifier of 3 characters or more");
        }
        JsonNode readOnly = root.path("read_only");
        if (!readOnly.isMissingNode() && !readOnly.isBoolean()) {
            throw new MalformedEvent("reading " + WHAT + ": read_only must be true or false");
        }
        String id = EventJson.text(root, "id", WHAT);
        if (id != null && (id.isBlank() || id.length() > 200)) {
            throw new MalformedEvent("reading " + WHAT + ": id must be 1 to 200 characters");
        }
        return new ChangeEvent("http:" + source, id, EventJson.text(root, "actor", WHAT),
                EventJson.text(root, "action", WHAT), EventJson.text(root, "source_ip", WHAT),
                EventJson.text(root, "user_agent", WHAT), EventJson.time(root, "time", WHAT), List.copyOf(ids),
                readOnly.asBoolean(false), receivedAt);
    }
}
