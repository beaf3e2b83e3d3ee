package dev.plumbline.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plumbline.auth.Identity;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.reconcile.DriftAcknowledgements;
import dev.plumbline.reconcile.DriftSpanView;
import dev.plumbline.reconcile.DriftStatus;
import dev.plumbline.store.Database;
import dev.plumbline.store.DriftAck;
import dev.plumbline.store.DriftHistory;
import dev.plumbline.util.Echo;
import io.javalin.http.Context;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

/**
 * The drift the store holds, over the API as {@code plumbline drift status|history|ack --json} has it: every
 * workspace's current drift, one workspace's spans, and acknowledging drift as the caller (audited).
 */
final class ApiDrift {
    static final int MAX_REASON = 4000;
    static final int MAX_ADDRESS = 1000;
    private static final Set<String> FIELDS = Set.of("address", "for", "reason");

    private final Database db;
    private final ApiReads reads;
    private final Clock clock;

    ApiDrift(Database db, ApiReads reads, Clock clock) {
        this.db = db;
        this.reads = reads;
        this.clock = clock;
    }

    void status(Context ctx) {
        JsonOut.send(ctx, JsonOut.asRecords(DriftStatus.read(db, Optional.empty(), clock.instant())));
    }

    void spans(Context ctx) {
        WorkspaceId id = Params.workspace(ctx);
        reads.exists(id);
        String address = ctx.queryParam("address");
        if (address != null && address.isBlank()) {
            throw ApiException.badRequest("reading the drift history of " + id + ": the query parameter address is"
                    + " empty");
        }
        Integer limit = Params.query(ctx, "limit", Integer::valueOf);
        int n = limit == null ? 100 : limit;
        if (n < 1 || n > DriftHistory.MAX_LIST) {
            throw ApiException.badRequest("reading parameter limit: " + n + " is not between 1 and "
                    + DriftHistory.MAX_LIST);
        }
        Instant now = clock.instant();
        JsonOut.send(ctx, db.driftHistory().of(id, Optional.ofNullable(address), n).stream()
                .map(s -> DriftSpanView.of(s, now)).toList());
    }

    void acknowledge(Context ctx) {
        WorkspaceId id = Params.workspace(ctx);
        String doing = "acknowledging the drift of " + id;
        if (db.workspaces().find(id).isEmpty()) {
            throw ApiException.notFound(doing + ": no such workspace");
        }
        JsonNode body = body(ctx, doing);
        Optional<String> address = Optional.ofNullable(text(body, "address", MAX_ADDRESS, doing)).map(String::strip);
        String reason = text(body, "reason", MAX_REASON, doing);
        if (reason == null || reason.isBlank()) {
            throw ApiException.badRequest(doing + ": the field reason is missing; say why the drift may stay");
        }
        String span = text(body, "for", 20, doing);
        Duration lasting;
        try {
            lasting = span == null ? DriftAcknowledgements.DEFAULT_SPAN : DriftAcknowledgements.span(span);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(doing + ": the field for " + Echo.quote(span) + ": " + e.getMessage());
        }
        Identity who = Access.identity(ctx);
        Instant until = clock.instant().plus(lasting).truncatedTo(ChronoUnit.SECONDS);
        DriftAck ack;
        try {
            ack = DriftAcknowledgements.acknowledge(db, id, address, who.name(), who.via(), reason, until);
        } catch (IllegalArgumentException e) {
            throw new ApiException(409, e.getMessage());
        }
        JsonOut.send(ctx, JsonOut.asRecords(ack));
    }

    /** The body, a JSON object holding no field but {@link #FIELDS}; anything else is a 400 saying so. */
    private static JsonNode body(Context ctx, String doing) {
        JsonNode node;
        try {
            node = ctx.body().isBlank() ? null : JsonOut.MAPPER.readTree(ctx.body());
        } catch (IOException e) {
            throw ApiException.badRequest(doing + ": the body is not JSON");
        }
        if (node == null || !node.isObject()) {
            throw ApiException.badRequest(doing + ": expected {\"reason\": \"...\", \"address\": \"...\", \"for\":"
                    + " \"7d\"}");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw ApiException.badRequest(doing + ": unknown field " + Echo.quote(name)
                        + " (expected address, for, reason)");
            }
        }
        return node;
    }

    /** A string field, null when absent or null; not text, too long, or holding control characters: a 400. */
    private static String text(JsonNode body, String field, int max, String doing) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw ApiException.badRequest(doing + ": the field " + field + " must be a string");
        }
        String s = v.textValue();
        if (s.length() > max) {
            throw ApiException.badRequest(doing + ": the field " + field + " is over " + max + " characters");
        }
        boolean lines = field.equals("reason");
        if (s.chars().anyMatch(ch -> Character.isISOControl(ch) && !(lines && (ch == '\n' || ch == '\t')))) {
            throw ApiException.badRequest(doing + ": the field " + field + " holds control characters");
        }
        if (!lines && s.isBlank()) {
            throw ApiException.badRequest(doing + ": the field " + field + " is blank");
        }
        return s;
    }
}
