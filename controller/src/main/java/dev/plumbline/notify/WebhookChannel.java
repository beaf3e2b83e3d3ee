package dev.plumbline.notify;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * POSTs the event's JSON to a URL, signed the way GitHub signs its webhooks: {@code X-Plumbline-Signature-256} is
 * {@code sha256=} and the hex HMAC-SHA256 of the exact body bytes, keyed with the shared secret. The receiver
 * recomputes it over the body it read and compares in constant time. {@code X-Plumbline-Event-Id} (also the body's
 * {@code event_id}) is the same for every attempt at one event: a receiver drops an event it has already seen by it.
 * {@code X-Plumbline-Delivery} is a fresh UUID per send, naming one attempt.
 */
public final class WebhookChannel implements Channel {
    private final URI url;
    private final Supplier<String> secret;
    private final JsonPost post;

    /** @param secret asked for at every send, so a rotated secret is picked up without a restart */
    public WebhookChannel(URI url, Supplier<String> secret) {
        this(url, secret, new JsonPost());
    }

    WebhookChannel(URI url, Supplier<String> secret, JsonPost post) {
        this.url = JsonPost.requireHttp(Objects.requireNonNull(url, "url"),
                "webhook " + JsonPost.withoutSecrets(url));
        this.secret = Objects.requireNonNull(secret, "secret");
        this.post = post;
    }

    @Override
    public String name() {
        return "webhook " + JsonPost.withoutSecrets(url);
    }

    @Override
    public void send(DriftEvent e) {
        String doing = "sending drift of " + e.workspace() + " (run " + e.runId() + ") to " + name();
        byte[] body = e.json().getBytes(StandardCharsets.UTF_8);
        String signature;
        try {
            signature = signature(body, secret.get());
        } catch (RuntimeException x) {
            throw new NotificationException(doing + ": signing: " + x.getMessage(), x);
        }
        JsonPost.Response response;
        try {
            response = post.post(url, body, Map.of(
                    "X-Plumbline-Event", "drift",
                    "X-Plumbline-Event-Id", e.eventId(),
                    "X-Plumbline-Delivery", UUID.randomUUID().toString(),
                    "X-Plumbline-Signature-256", signature));
        } catch (IOException x) {
            throw new NotificationException(doing + ": " + JsonPost.describe(x), x);
        } catch (InterruptedException x) {
            Thread.currentThread().interrupt();
            throw new NotificationException(doing + ": interrupted", x);
        }
        if (!response.ok()) {
            throw new NotificationException(doing + ": HTTP " + response.status());
        }
    }

    /** {@code sha256=<hex>}: the HMAC-SHA256 of {@code body} keyed with the UTF-8 bytes of {@code secret}. */
    static String signature(byte[] body, String secret) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("the webhook secret is empty");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException x) {
            throw new IllegalStateException("computing HMAC-SHA256: " + x, x);
        }
    }
}
