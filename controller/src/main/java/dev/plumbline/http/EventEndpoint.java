package dev.plumbline.http;

import dev.plumbline.domain.ChangeEvent;
import dev.plumbline.events.EventIntake;
import dev.plumbline.events.EventSignature;
import dev.plumbline.events.MalformedEvent;
import dev.plumbline.events.PostedEvent;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/events}: a change event from anything that can sign a request (a GCP audit log through a
 * Pub/Sub push, Azure Event Grid, a Kubernetes audit webhook, a script). Authenticated by its signature alone
 * ({@link EventSignature}, the secret of {@code events.http.secret_env}, read at each request so a rotated secret
 * is taken at once); answered 202 once the event and the checks it asks for are stored, with the event's id and
 * what became of it. A wrong or missing signature is 401 and an unreadable body 400, both naming what is wrong and
 * storing nothing.
 */
public final class EventEndpoint {
    public static final String PATH = "/api/v1/events";
    private static final Logger LOG = LoggerFactory.getLogger(EventEndpoint.class);

    private final EventIntake intake;
    private final Supplier<String> secret;

    public EventEndpoint(EventIntake intake, Supplier<String> secret) {
        this.intake = intake;
        this.secret = secret;
    }

    void receive(Context ctx) {
        Instant received = Instant.now();
        byte[] body = ctx.bodyAsBytes();
        String key = secret.get();
        if (key == null || key.isEmpty()) {
            LOG.error("refused an event from {}: the secret's environment variable (events.http.secret_env) is"
                    + " empty", ctx.ip());
            answer(ctx, 503, "the events secret is not set on the daemon (events.http.secret_env)");
            return;
        }
        if (!EventSignature.matches(body, ctx.header(EventSignature.HEADER), key)) {
            LOG.warn("refused an event from {}: {} is missing or wrong", ctx.ip(), EventSignature.HEADER);
            answer(ctx, 401, EventSignature.HEADER + " is missing or is not the HMAC-SHA256 of the body under the"
                    + " events secret");
            return;
        }
        ChangeEvent event;
        try {
            event = PostedEvent.read(new String(body, StandardCharsets.UTF_8), received);
        } catch (MalformedEvent e) {
            LOG.warn("refused an event from {}: {}", ctx.ip(), e.getMessage());
            answer(ctx, 400, e.getMessage());
            return;
        }
        EventIntake.Taken t = intake.take(event, received);
        JsonOut.send(ctx, t.duplicate() ? 200 : 202, new Answer(t.eventId(), t.state().wire(), t.reason(),
                t.checked().stream().map(Object::toString).toList(), t.duplicate()));
    }

    /** The answer's JSON: {@code event_id, state, reason, checks, duplicate}. */
    record Answer(long event_id, String state, String reason, List<String> checks, boolean duplicate) { }

    private static void answer(Context ctx, int status, String message) {
        // the messages name fields and never quote the body, so they are given whole; JSON as every /api/v1 error
        Server.refuse(ctx, status, message);
    }
}
