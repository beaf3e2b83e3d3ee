package dev.plumbline.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plumbline.domain.Attribution;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code changed_by} entries of a drift event: for each drifted resource a change event explains, the address
 * and who made the change ({@code actor}, {@code action}, {@code source_ip}, {@code user_agent}, {@code time}), with
 * the stored event's id and source.
 */
final class AttributionJson {
    private AttributionJson() {
    }

    static void write(ObjectNode o, String address, Attribution a) {
        o.put("address", address);
        o.put("actor", a.actor());
        o.put("action", a.action());
        o.put("source_ip", a.sourceIp());
        o.put("user_agent", a.userAgent());
        o.put("time", a.time() == null ? null : a.time().toString());
        o.put("event_id", a.eventId());
        o.put("source", a.source());
    }

    static Map<String, Attribution> read(JsonNode entries) {
        Map<String, Attribution> by = new LinkedHashMap<>();
        if (!entries.isArray()) {
            return by;
        }
        for (JsonNode e : entries) {
            Instant time;
            try {
                time = e.path("time").isTextual() ? Instant.parse(e.path("time").asText()) : null;
            } catch (DateTimeParseException x) {
                throw new IllegalArgumentException("reading a stored drift event: changed_by time is not an instant");
            }
            by.put(e.path("address").asText(), new Attribution(e.path("event_id").asLong(), text(e, "source"),
                    text(e, "actor"), text(e, "action"), text(e, "source_ip"), text(e, "user_agent"), time));
        }
        return by;
    }

    private static String text(JsonNode e, String field) {
        return e.path(field).isTextual() ? e.path(field).asText() : null;
    }
}
