package dev.plumbline.vcs.github;

import dev.plumbline.vcs.ConstantTime;
import dev.plumbline.vcs.WebhookException;
import dev.plumbline.vcs.WebhookRequest;
import dev.plumbline.vcs.WebhookVerifier;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * GitHub signs each delivery with the webhook's secret: {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the
 * body>}. The signature is compared in constant time so that a forger learns nothing from how fast a guess fails.
 */
public final class GitHubSignature implements WebhookVerifier {
    static final String HEADER = "X-Hub-Signature-256";

    private final Supplier<String> secret;

    /** @param secret the webhook secret, read at each delivery */
    public GitHubSignature(Supplier<String> secret) {
        this.secret = secret;
    }

    @Override
    public void verify(WebhookRequest request) {
        String key = secret.get();
        if (key == null || key.isEmpty()) {
            throw refused("no GitHub webhook secret is configured, so no delivery can be verified");
        }
        String presented = request.header(HEADER)
                .orElseThrow(() -> refused("the delivery has no " + HEADER + " header (is the webhook secret set "
                        + "on GitHub?)"));
        String expected = sign(key, request.body());
        if (!ConstantTime.equals(expected, presented.toLowerCase(Locale.ROOT))) {
            throw refused("the " + HEADER + " signature does not match the configured secret");
        }
    }

    /** {@code sha256=<hex>}, as GitHub computes it. */
    static String sign(String key, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    private static WebhookException refused(String why) {
        return new WebhookException(WebhookException.Reason.UNAUTHENTICATED, "verifying a GitHub delivery: " + why);
    }
}
