package dev.plumbline.vcs;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A webhook delivery as it arrived: its headers (looked up without regard to case) and its body, byte for byte,
 * since the signature is computed over exactly those bytes.
 */
public record WebhookRequest(Map<String, String> headers, byte[] body) {

    public WebhookRequest {
        TreeMap<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        copy.putAll(headers);
        headers = Collections.unmodifiableMap(copy);
        body = body.clone();
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name)).map(String::strip).filter(v -> !v.isEmpty());
    }

    @Override
    public byte[] body() {
        return body.clone();
    }
}
