package dev.plumbline.http;

import dev.plumbline.util.Echo;
import dev.plumbline.vcs.HostKind;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a verified delivery must be before it is stored: the headers Plumbline keeps within the store's bounds and
 * given once, a JSON content type, and a body of UTF-8. Each refusal names the header or says what is wrong with
 * the body, repeating input only cut and escaped.
 */
final class DeliveryCheck {
    /** Refused, and how to answer. */
    record Refusal(int status, String message) { }

    /** A header Plumbline keeps: its name and the longest value the store holds. */
    private record Kept(String name, int max, boolean id) { }

    private static final List<Kept> GITHUB = List.of(new Kept("X-GitHub-Event", 100, false),
            new Kept("X-GitHub-Delivery", 200, true));
    private static final List<Kept> GITLAB = List.of(new Kept("X-Gitlab-Event", 100, false),
            new Kept("Idempotency-Key", 200, true), new Kept("X-Gitlab-Webhook-UUID", 200, true));

    private DeliveryCheck() {
    }

    /** The content type, checked before anything else: a form-encoded delivery is not JSON, however signed. */
    static Optional<Refusal> contentType(List<String> values) {
        if (values.isEmpty()) {
            return Optional.empty(); // the hosts always send one; a hand-made test delivery may not
        }
        if (values.size() > 1) {
            return refuse(400, "Content-Type: given more than once");
        }
        String value = values.get(0);
        String[] parts = value.split(";");
        if (!parts[0].strip().toLowerCase(Locale.ROOT).equals("application/json")) {
            return refuse(415, "Content-Type: must be application/json, got " + Echo.quote(value));
        }
        for (int i = 1; i < parts.length; i++) {
            String[] param = parts[i].split("=", 2);
            if (param[0].strip().equalsIgnoreCase("charset") && (param.length < 2
                    || !param[1].strip().replace("\"", "").equalsIgnoreCase("utf-8"))) {
                return refuse(415, "Content-Type: the charset must be UTF-8, got " + Echo.quote(value));
            }
        }
        return Optional.empty();
    }

    /** The event and delivery id headers: once each, printable ASCII, within the store's column sizes. */
    static Optional<Refusal> headers(HostKind kind, java.util.function.Function<String, List<String>> values) {
        for (Kept kept : kind == HostKind.GITHUB ? GITHUB : GITLAB) {
            List<String> given = values.apply(kept.name());
            if (given.size() > 1) {
                return refuse(400, kept.name() + ": given more than once");
            }
            if (given.isEmpty()) {
                continue;
            }
            String value = given.get(0).strip();
            if (value.length() > kept.max()) {
                return refuse(400, kept.name() + ": longer than " + kept.max() + " characters (" + value.length()
                        + ")");
            }
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c < 0x20 || c == 0x7f) {
                    return refuse(400, kept.name() + ": control characters are not allowed, got "
                            + Echo.quote(value));
                }
                if (c > 0x7e) {
                    return refuse(400, kept.name() + ": only ASCII is allowed, got " + Echo.quote(value));
                }
                if (c == ' ' && kept.id()) {
                    return refuse(400, kept.name() + ": spaces are not allowed in an id, got " + Echo.quote(value));
                }
            }
        }
        return Optional.empty();
    }

    /** An empty body or one that is not UTF-8 cannot be the JSON the hosts send. */
    static Optional<Refusal> body(byte[] body) {
        if (body.length == 0) {
            return refuse(400, "the body is empty");
        }
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body);
        CharBuffer out = CharBuffer.allocate(8192);
        while (true) {
            CoderResult r = utf8.decode(in, out, true);
            if (r.isError()) {
                return refuse(400, String.format("the body is not UTF-8: byte 0x%02x at byte offset %d",
                        body[in.position()] & 0xff, in.position()));
            }
            if (r.isUnderflow()) {
                return Optional.empty();
            }
            out.clear();
        }
    }

    private static Optional<Refusal> refuse(int status, String message) {
        return Optional.of(new Refusal(status, message));
    }
}
