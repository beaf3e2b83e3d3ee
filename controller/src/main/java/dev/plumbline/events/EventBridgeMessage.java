package dev.plumbline.events;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plumbline.domain.ChangeEvent;
import dev.plumbline.util.Echo;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * An EventBridge event as its SQS target receives it: an "AWS API Call via CloudTrail" (a management event, with
 * who made the call, from where, and the parameters naming the resources), or an AWS Config "Configuration Item
 * Change" (the resource, without an actor). The identifiers are the ARNs of its resources and every string of the
 * request parameters and response elements (a bucket name, an instance id): whatever of them the resource index
 * knows is what the event is about.
 */
public final class EventBridgeMessage {
    static final String SOURCE = "aws_sqs";
    private static final String CLOUDTRAIL = "AWS API Call via CloudTrail";
    private static final String CONFIG = "Config Configuration Item Change";
    private static final String WHAT = "an EventBridge event";
    private static final List<String> READ_PREFIXES = List.of("get", "describe", "list", "head", "lookup", "search",
            "select", "scan", "query", "batchget", "check", "validate", "estimate", "preview", "simulate");

    private EventBridgeMessage() {
    }

    /**
     * Reads an SQS message body; {@code messageId} is used when the envelope has no id, {@code queuedAt} is when
     * the message entered the queue.
     *
     * @throws MalformedEvent naming what is missing or wrong
     */
    public static ChangeEvent read(String body, String messageId, Instant queuedAt) {
        JsonNode root = EventJson.object(body, WHAT);
        String type = EventJson.text(root, "detail-type", WHAT);
        if (type == null) {
            throw new MalformedEvent("reading " + WHAT + ": no detail-type; is the SQS queue the target of an "
                    + "EventBridge rule?");
        }
        JsonNode detail = root.path("detail");
        if (!detail.isObject()) {
            throw new MalformedEvent("reading " + WHAT + " (" + type + "): detail must be an object");
        }
        String id = EventJson.text(root, "id", WHAT);
        String externalId = id != null ? id : messageId;
        Set<String> ids = EventJson.set();
        root.path("resources").forEach(r -> EventJson.identifier(r.asText(null), ids));
        if (CLOUDTRAIL.equals(type)) {
            return cloudTrail(detail, externalId, ids, queuedAt, root);
        }
        if (CONFIG.equals(type)) {
            return config(detail, externalId, ids, queuedAt);
        }
        throw new MalformedEvent("reading " + WHAT + ": detail-type " + Echo.quote(type) + " is not one Plumbline "
                + "reads (expected \"" + CLOUDTRAIL + "\" or \"" + CONFIG + "\")");
    }

    private static ChangeEvent cloudTrail(JsonNode d, String externalId, Set<String> ids, Instant queuedAt,
                                          JsonNode root) {
        String what = "a CloudTrail event";
        String eventName = EventJson.text(d, "eventName", what);
        if (eventName == null) {
            throw new MalformedEvent("reading " + what + ": detail.eventName is missing");
        }
        String service = EventJson.text(d, "eventSource", what);
        d.path("resources").forEach(r -> EventJson.identifier(r.path("ARN").asText(null), ids));
        EventJson.strings(d.path("requestParameters"), ids);
        EventJson.strings(d.path("responseElements"), ids);
        JsonNode identity = d.path("userIdentity");
        String actor = identity.path("arn").isTextual() ? identity.path("arn").asText()
                : identity.path("principalId").asText(null);
        Instant time = EventJson.time(d, "eventTime", what);
        if (time == null) {
            time = EventJson.time(root, "time", WHAT);
        }
        boolean readOnly = d.path("readOnly").isBoolean() ? d.path("readOnly").asBoolean() : readsOnly(eventName);
        String action = service == null ? eventName : service.replace(".amazonaws.com", "") + ":" + eventName;
        return new ChangeEvent(SOURCE, externalId, actor, action, EventJson.text(d, "sourceIPAddress", what),
                EventJson.text(d, "userAgent", what), time, List.copyOf(ids), readOnly, queuedAt);
    }

    private static ChangeEvent config(JsonNode d, String externalId, Set<String> ids, Instant queuedAt) {
        JsonNode item = d.path("configurationItem");
        EventJson.identifier(item.path("ARN").asText(null), ids);
        EventJson.identifier(item.path("resourceId").asText(null), ids);
        EventJson.identifier(item.path("resourceName").asText(null), ids);
        String change = d.path("configurationItemDiff").path("changeType").asText("UPDATE");
        Instant time = EventJson.time(item, "configurationItemCaptureTime", "an AWS Config event");
        return new ChangeEvent(SOURCE, externalId, null, "config:" + change, null, null, time, List.copyOf(ids),
                false, queuedAt);
    }

    /** CloudTrail marks most events readOnly; where it does not, the call's verb says. */
    static boolean readsOnly(String eventName) {
        String n = eventName.toLowerCase(Locale.ROOT);
        return READ_PREFIXES.stream().anyMatch(n::startsWith);
    }
}
