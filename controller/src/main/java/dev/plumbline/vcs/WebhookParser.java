package dev.plumbline.vcs;

import java.util.Optional;

/** Turns a verified webhook delivery into an event Plumbline acts on. */
public interface WebhookParser {

    /**
     * An id that is the same when the host delivers the same event again, for dropping duplicates. When the host
     * sends none, the SHA-256 of the body ({@code sha256:<hex>}).
     */
    String deliveryId(WebhookRequest request);

    /**
     * The event, or empty for event types and actions Plumbline does not act on (pings, labels, edits...).
     *
     * @throws WebhookException with {@link WebhookException.Reason#MALFORMED} when the payload is not JSON or lacks
     *                          a field the event needs
     */
    Optional<WebhookEvent> parse(WebhookRequest request);

    /** The fallback delivery id: the same body gives the same id. */
    static String bodyHash(WebhookRequest request) {
        StringBuilder hex = new StringBuilder("sha256:");
        for (byte b : ConstantTime.sha256(request.body())) {
            hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return hex.toString();
    }
}
