package dev.plumbline.vcs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Optional;

/**
 * A webhook payload being read, for the host parsers: every field the event needs is required, and its absence is
 * reported as {@code reading <what> payload: no <field>} (a {@link WebhookException.Reason#MALFORMED} delivery).
 */
public final class Payload {
    private final String what;
    private final JsonNode root;

    private Payload(String what, JsonNode root) {
        this.what = what;
        this.root = root;
    }

    /** @param what names the payload in errors, e.g. {@code GitHub pull_request} */
    public static Payload read(String what, byte[] body) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw malformed(what, "not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw malformed(what, "unreadable (" + e.getMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw malformed(what, "not a JSON object");
        }
        return new Payload(what, root);
    }

    public Optional<String> optionalText(String pointer) {
        return Json.text(root, pointer);
    }

    public String text(String pointer) {
        return Json.text(root, pointer).orElseThrow(() -> missing(pointer));
    }

    public long number(String pointer) {
        return Json.number(root, pointer).orElseThrow(() -> missing(pointer));
    }

    public int intNumber(String pointer) {
        long n = number(pointer);
        if (n < 1 || n > Integer.MAX_VALUE) {
            throw malformed(what, pointer + " is out of range: " + n);
        }
        return (int) n;
    }

    public boolean flag(String pointer) {
        return Json.bool(root, pointer).orElse(false);
    }

    public boolean has(String pointer) {
        JsonNode n = root.at(pointer);
        return !n.isMissingNode() && !n.isNull();
    }

    private WebhookException missing(String pointer) {
        return malformed(what, "no " + pointer);
    }

    private static WebhookException malformed(String what, String problem) {
        return new WebhookException(WebhookException.Reason.MALFORMED, "reading " + what + " payload: " + problem);
    }
}
