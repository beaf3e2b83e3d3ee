package dev.plumbline.events;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a posted event, made as Plumbline signs its own drift webhooks: {@code X-Plumbline-Signature-256}
 * is {@code sha256=} and the hex HMAC-SHA256 of the exact body bytes, keyed with the UTF-8 bytes of the shared
 * secret. Compared in constant time.
 */
public final class EventSignature {
    public static final String HEADER = "X-Plumbline-Signature-256";
    private static final String PREFIX = "sha256=";

    private EventSignature() {
    }

    /** {@code sha256=<hex>} of {@code body} under {@code secret}. */
    public static String of(byte[] body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return PREFIX + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("signing an event: HmacSHA256 is not available: " + e.getMessage(), e);
        }
    }

    /** Whether {@code header} is the signature of {@code body} under {@code secret}; false for a missing one. */
    public static boolean matches(byte[] body, String header, String secret) {
        if (header == null || secret == null || secret.isEmpty() || !header.startsWith(PREFIX)) {
            return false;
        }
        byte[] expected = of(body, secret).getBytes(StandardCharsets.US_ASCII);
        byte[] given = header.strip().getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given);
    }
}
