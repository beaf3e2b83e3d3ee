package dev.plumbline.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plumbline.domain.Attribution;
import dev.plumbline.domain.WorkspaceId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * One notification: a workspace's drift appeared ({@code new}), changed, or was resolved; or its remediation was
 * held for approval ({@code held}, with the {@code reason}: which guard held it). It names resources, never
 * attribute values, which may be sensitive. {@code driftedAddresses} are the resources drifted now, so empty once
 * resolved; {@code link} is null when no base URL is configured; {@code reason} is null but on a held remediation.
 * {@link #eventId} is its idempotency key.
 */
public record DriftEvent(String transition, WorkspaceId workspace, long runId, List<String> driftedAddresses,
                         String link, Instant at, Map<String, Attribution> changedBy, String reason) {
    static final String HELD = "held";
    private static final Set<String> TRANSITIONS = Set.of("new", "changed", "resolved", HELD);
    private static final ObjectMapper JSON = new ObjectMapper();

    public DriftEvent {
        if (!TRANSITIONS.contains(transition)) {
            throw new IllegalArgumentException("drift event of " + workspace + ": transition must be one of "
                    + TRANSITIONS + ", got '" + transition + "'");
        }
        Objects.requireNonNull(workspace, "workspace");
        driftedAddresses = List.copyOf(driftedAddresses);
        Objects.requireNonNull(at, "at");
        changedBy = changedBy == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(changedBy));
    }

    /** An event no change event explains. */
    public DriftEvent(String transition, WorkspaceId workspace, long runId, List<String> driftedAddresses,
                      String link, Instant at) {
        this(transition, workspace, runId, driftedAddresses, link, at, Map.of(), null);
    }

    public DriftEvent(String transition, WorkspaceId workspace, long runId, List<String> driftedAddresses,
                      String link, Instant at, Map<String, Attribution> changedBy) {
        this(transition, workspace, runId, driftedAddresses, link, at, changedBy, null);
    }

    /** A remediation of run {@code runId} held for approval, and why. */
    static DriftEvent held(WorkspaceId workspace, long runId, List<String> driftedAddresses, String reason,
                           String baseUrl, Instant at) {
        return new DriftEvent(HELD, workspace, runId, driftedAddresses, link(baseUrl, runId), at, Map.of(),
                Objects.requireNonNull(reason, "reason"));
    }

    /**
     * The event for a check that made transition {@code t}; the link is {@code <baseUrl>/runs/<id>};
     * {@code changedBy}: who changed each drifted resource, where a change event says so.
     * @param baseUrl where Plumbline's pages are served, or null
     */
    public static DriftEvent of(Transition t, WorkspaceId workspace, DriftObservation seen, String baseUrl,
                                Instant at, Map<String, Attribution> changedBy) {
        if (!t.notifies()) {
            throw new IllegalArgumentException("drift event of " + workspace + ": " + t + " is not worth notifying");
        }
        return new DriftEvent(t.wire(), workspace, seen.runId(), seen.driftedAddresses(), link(baseUrl, seen.runId()),
                at, changedBy);
    }

    private static String link(String baseUrl, long runId) {
        if (baseUrl == null || baseUrl.isBlank()) {
            return null;
        }
        String base = baseUrl.strip();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return base + "/runs/" + runId;
    }

    /** One line for a human: an e-mail subject, a chat message; with who made the change, when an event says. */
    public String headline() {
        int n = driftedAddresses.size();
        String resources = n == 1 ? "1 resource" : n + " resources";
        String what = switch (transition) {
            case "new" -> "Drift detected in " + workspace + ": " + resources + " changed outside Git";
            case "changed" -> "Drift changed in " + workspace + ": now " + resources + " changed outside Git";
            case HELD -> "Drift in " + workspace + " not remediated: " + reason + "; approve the plan to apply it";
            default -> "Drift resolved in " + workspace + ": nothing changed outside Git any more";
        };
        String by = changedBy.values().stream().map(Attribution::actor).filter(Objects::nonNull).distinct()
                .reduce((a, b) -> a + ", " + b).map(a -> ", changed by " + a).orElse("");
        return what + " (run " + runId + by + ")";
    }

    /**
     * The key a receiver de-duplicates with: a name-based UUID of workspace, run, transition and the moment it was
     * decided, so every attempt and every channel sends the same one, and no other event has it.
     */
    public String eventId() {
        String name = "plumbline drift\u0000" + workspace + "\u0000" + runId + "\u0000" + transition + "\u0000" + at;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /**
     * The payload every channel sends: {@code event_id, transition, workspace, run_id, drifted_addresses, link, at};
     * the outbox keeps it, and {@link #fromJson} reads it back.
     */
    public String json() {
        ObjectNode node = JSON.createObjectNode();
        node.put("event_id", eventId());
        node.put("transition", transition);
        node.put("workspace", workspace.toString());
        node.put("run_id", runId);
        ArrayNode addresses = node.putArray("drifted_addresses");
        driftedAddresses.forEach(addresses::add);
        node.put("link", link);
        node.put("at", at.toString());
        if (!changedBy.isEmpty()) {
            ArrayNode by = node.putArray("changed_by");
            changedBy.forEach((address, a) -> AttributionJson.write(by.addObject(), address, a));
        }
        if (reason != null) {
            node.put("reason", reason);
        }
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("writing the drift event of " + workspace + " as JSON: " + e, e);
        }
    }

    /** The event {@link #json} wrote; fails with {@link IllegalArgumentException} naming what is wrong. */
    public static DriftEvent fromJson(String json) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("reading a stored drift event: not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject() || !node.path("drifted_addresses").isArray()
                || !node.path("run_id").canConvertToLong()) {
            throw new IllegalArgumentException("reading a stored drift event: expected the fields of a drift event");
        }
        List<String> addresses = new ArrayList<>();
        node.get("drifted_addresses").forEach(a -> addresses.add(a.asText()));
        JsonNode link = node.path("link");
        JsonNode reason = node.path("reason");
        DriftEvent event;
        try {
            event = new DriftEvent(node.path("transition").asText(), WorkspaceId.parse(node.path("workspace").asText()),
                    node.get("run_id").asLong(), addresses, link.isTextual() ? link.asText() : null,
                    Instant.parse(node.path("at").asText()), AttributionJson.read(node.path("changed_by")),
                    reason.isTextual() ? reason.asText() : null);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("reading a stored drift event: 'at' is not an instant");
        }
        if (!event.eventId().equals(node.path("event_id").asText())) {
            throw new IllegalArgumentException("reading a stored drift event: its event_id is not the one of its "
                    + "workspace, run, transition and time");
        }
        return event;
    }
}
