package dev.plumbline.vcs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;

/**
 * A webhook payload being read, for the host parsers: every field the event needs is required, and its absence is
 * reported as {@code reading <what> payload: no <field>}, a field of the wrong type as {@code reading <what>
 * payload: <field>: must be a string, got a list} (a {@link WebhookException.Reason#MALFORMED} delivery).
 */
public final class Payload {
    // A key written twice is refused: the host never sends one, and the two copies could say different things.
    private static final ObjectMapper STRICT = new ObjectMapper(JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

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
            root = json(body);
        } catch (WebhookException e) {
            throw malformed(what, e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw malformed(what, "not a JSON object");
        }
        return new Payload(what, root);
    }

    /**
     * The body as JSON, or {@code the body is not JSON: <where or why>} (never Jackson's own message: it quotes
     * the offending text).
     */
    public static JsonNode json(byte[] body) {
        try {
            JsonNode root = STRICT.readTree(body);
            if (root == null || root.isMissingNode()) {
                throw new WebhookException(WebhookException.Reason.MALFORMED, "the body is not JSON: it is blank");
            }
            return root;
        } catch (StreamConstraintsException e) {
            String m = String.valueOf(e.getOriginalMessage());
            String why = m.contains("nesting depth") ? "nested deeper than the limit"
                    : m.contains("Number value") ? "a number longer than the limit"
                    : m.contains("Name length") ? "a key longer than the limit" : "a value beyond the limits";
            throw new WebhookException(WebhookException.Reason.MALFORMED, "the body is not JSON: " + why
                    + at(e.getLocation()));
        } catch (JsonProcessingException e) {
            String m = String.valueOf(e.getOriginalMessage());
            String why = m.startsWith("Duplicate field") ? ": a key appears twice in one object" : "";
            throw new WebhookException(WebhookException.Reason.MALFORMED, "the body is not JSON" + at(e.getLocation())
                    + why);
        } catch (IOException e) {
            throw new WebhookException(WebhookException.Reason.MALFORMED, "the body is not JSON: it cannot be read");
        }
    }

    private static String at(JsonLocation at) {
        return at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    }

    public Optional<String> optionalText(String pointer) {
        JsonNode n = present(pointer);
        if (n == null) {
            return Optional.empty();
        }
        if (!n.isTextual()) {
            throw wrongType(pointer, "a string", n);
        }
        return Optional.of(n.textValue());
    }

    public String text(String pointer) {
        return optionalText(pointer).orElseThrow(() -> missing(pointer));
    }

    /** A whole number; the hosts write ids as numbers, some as strings of digits. */
    public long number(String pointer) {
        JsonNode n = present(pointer);
        if (n == null) {
            throw missing(pointer);
        }
        return Json.number(root, pointer).orElseThrow(() -> wrongType(pointer, "a whole number", n));
    }

    public int intNumber(String pointer) {
        long n = number(pointer);
        if (n < 1 || n > Integer.MAX_VALUE) {
            throw malformed(what, pointer + " is out of range: " + n);
        }
        return (int) n;
    }

    /** An optional flag: absent or null reads as false, anything but true or false is refused. */
    public boolean flag(String pointer) {
        JsonNode n = present(pointer);
        if (n == null) {
            return false;
        }
        if (!n.isBoolean()) {
            throw wrongType(pointer, "true or false", n);
        }
        return n.booleanValue();
    }

    public boolean has(String pointer) {
        return present(pointer) != null;
    }

    /** The node at the pointer, or null when it is absent or null. */
    private JsonNode present(String pointer) {
        JsonNode n = root.at(pointer);
        return n.isMissingNode() || n.isNull() ? null : n;
    }

    private WebhookException missing(String pointer) {
        return malformed(what, "no " + pointer);
    }

    private WebhookException wrongType(String pointer, String expected, JsonNode got) {
        String type = got.isObject() ? "an object" : got.isArray() ? "a list" : got.isTextual() ? "a string"
                : got.isNumber() ? "a number" : got.isBoolean() ? "true or false" : "null";
        return malformed(what, pointer + ": must be " + expected + ", got " + type);
    }

    private static WebhookException malformed(String what, String problem) {
        return new WebhookException(WebhookException.Reason.MALFORMED, "reading " + what + " payload: " + problem);
    }
}
