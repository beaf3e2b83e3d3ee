package dev.plumbline.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plumbline.pullrequest.WebhookInbox;
import dev.plumbline.store.Database;
import dev.plumbline.store.WebhookDeliveries;
import dev.plumbline.util.Echo;
import dev.plumbline.vcs.HostKind;
import dev.plumbline.vcs.Json;
import dev.plumbline.vcs.Payload;
import dev.plumbline.vcs.WebhookException;
import dev.plumbline.vcs.WebhookRequest;
import dev.plumbline.vcs.hosts.CodeHosts;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One host's webhook deliveries: verified with the secret of a configured repo (in constant time, by the host's
 * verifier) before anything is stored, then stored, answered 202 and handed to the {@link DeliverySink}. A delivery
 * id already stored, or a body already received under another id within {@link WebhookDeliveries#REPLAY_WINDOW}
 * (a replay), is answered 200 and not handed over again. An unverified delivery is answered 401, one whose headers,
 * content type or payload cannot be kept or read 400 or 415; these leave no trace but a log line.
 */
final class WebhookEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookEndpoint.class);

    private final Database db;
    private final CodeHosts hosts;
    private final DeliverySink sink;

    WebhookEndpoint(Database db, CodeHosts hosts, DeliverySink sink) {
        this.db = db;
        this.hosts = hosts;
        this.sink = sink;
    }

    void receive(Context ctx, HostKind kind) {
        Optional<DeliveryCheck.Refusal> contentType = DeliveryCheck.contentType(values(ctx, "Content-Type"));
        if (contentType.isPresent()) {
            refuse(ctx, kind, contentType.get());
            return;
        }
        WebhookRequest request = new WebhookRequest(ctx.headerMap(), ctx.bodyAsBytes());
        Optional<CodeHosts.Repo> repo = verifiedBy(kind, request);
        if (repo.isEmpty()) {
            LOG.warn("refused a {} delivery from {}: it is not signed with the webhook secret of any repo",
                    kind.name().toLowerCase(Locale.ROOT), ctx.ip());
            ctx.status(401).result("not signed with the webhook secret of any repo Plumbline follows\n");
            return;
        }
        Optional<DeliveryCheck.Refusal> refused = DeliveryCheck.headers(kind, name -> values(ctx, name))
                .or(() -> DeliveryCheck.body(request.body()));
        if (refused.isPresent()) {
            refuse(ctx, kind, refused.get());
            return;
        }
        Optional<String> event = request.header(WebhookInbox.eventHeader(kind));
        if (event.isEmpty()) {
            refuse(ctx, kind, new DeliveryCheck.Refusal(400, "the delivery has no " + WebhookInbox.eventHeader(kind)
                    + " header"));
            return;
        }
        // Read now as it will be read when acted on: a payload that cannot be is refused while the host still
        // waits for the answer, instead of being stored to fail later. Events Plumbline ignores need only be JSON.
        try {
            Payload.json(request.body());
            repo.get().parser().parse(request);
        } catch (WebhookException e) {
            refuse(ctx, kind, new DeliveryCheck.Refusal(400, e.getMessage()));
            return;
        }
        String host = kind.name().toLowerCase(Locale.ROOT);
        String deliveryId = repo.get().parser().deliveryId(request);
        Optional<Long> stored = db.webhookDeliveries().record(host, repo.get().repo(), deliveryId, event.get(),
                new String(request.body(), StandardCharsets.UTF_8));
        if (stored.isEmpty()) {
            ctx.status(200).result("delivery " + Echo.quote(deliveryId) + " was already received, or the same body"
                    + " within the last " + WebhookDeliveries.REPLAY_WINDOW.toMinutes() + " minutes; not acted on"
                    + " again\n");
            return;
        }
        ctx.status(202).result("accepted\n");
        sink.accepted(stored.get());
    }

    /** Every value of a header, for headers that must be given once. */
    private static List<String> values(Context ctx, String name) {
        List<String> values = new ArrayList<>();
        Enumeration<String> e = ctx.req().getHeaders(name);
        while (e != null && e.hasMoreElements()) {
            values.add(e.nextElement());
        }
        return values;
    }

    /** A refused delivery leaves no trace but a log line: one line, naming what was wrong, never the body. */
    private static void refuse(Context ctx, HostKind kind, DeliveryCheck.Refusal refusal) {
        LOG.warn("refused a {} delivery from {}: {}", kind.name().toLowerCase(Locale.ROOT), ctx.ip(),
                refusal.message());
        ctx.status(refusal.status()).contentType("text/plain; charset=utf-8").result(refusal.message() + "\n");
    }

    /**
     * The repo whose secret verifies the delivery. The repo the payload names is tried first, but the payload is not
     * trusted for it: every repo of the host is tried, and what a verified delivery is about is checked when it is
     * processed.
     */
    private Optional<CodeHosts.Repo> verifiedBy(HostKind kind, WebhookRequest request) {
        String named = claimedProject(kind, request.body()).toLowerCase(Locale.ROOT);
        List<CodeHosts.Repo> candidates = new ArrayList<>(hosts.ofKind(kind));
        candidates.sort((a, b) -> Boolean.compare(!a.config().project().toLowerCase(Locale.ROOT).equals(named),
                !b.config().project().toLowerCase(Locale.ROOT).equals(named)));
        for (CodeHosts.Repo r : candidates) {
            try {
                r.verifier().verify(request);
                return Optional.of(r);
            } catch (WebhookException e) {
                LOG.debug("delivery not verified with the secret of repo {}: {}", r.repo(), e.getMessage());
            }
        }
        return Optional.empty();
    }

    private static String claimedProject(HostKind kind, byte[] body) {
        try {
            JsonNode root = Json.MAPPER.readTree(body);
            String pointer = kind == HostKind.GITHUB ? "/repository/full_name" : "/project/path_with_namespace";
            return root == null ? "" : Json.text(root, pointer).orElse("");
        } catch (IOException e) {
            return "";
        }
    }
}
