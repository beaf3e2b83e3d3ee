package dev.plumbline.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * JSON out: {@code application/json; charset=utf-8}, {@code nosniff}, and {@code < > & '} written as {@code \u003c}
 * and the like, so that a resource address or a value holding markup stays inert even where a page embeds the JSON.
 */
final class JsonOut {
    static final String TYPE = "application/json; charset=utf-8";
    static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    /** Records as the command line's {@code --json} writes them (snake_case fields), for shapes the two share. */
    private static final ObjectMapper RECORDS = new ObjectMapper().registerModule(new JavaTimeModule())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    static {
        MAPPER.getFactory().setCharacterEscapes(new HtmlSafe());
    }

    /** {@code value} as {@code plumbline ... --json} prints it; sent through {@link #send}, it is still HTML-safe. */
    static JsonNode asRecords(Object value) {
        return RECORDS.valueToTree(value);
    }

    private JsonOut() {
    }

    static void send(Context ctx, int status, Object body) {
        ctx.status(status).contentType(TYPE).header("X-Content-Type-Options", "nosniff").result(text(body));
    }

    static void send(Context ctx, Object body) {
        send(ctx, 200, body);
    }

    /** {@code {"status": 404, "error": "not found", "message": "..."}}: the message names the thing asked for. */
    static void error(Context ctx, int status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("error", reason(status));
        body.put("message", message);
        send(ctx, status, body);
    }

    static String text(Object body) {
        try {
            return MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("writing JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String reason(int status) {
        return switch (status) {
            case 400 -> "bad request";
            case 401 -> "unauthenticated";
            case 403 -> "forbidden";
            case 404 -> "not found";
            case 409 -> "conflict";
            case 413 -> "too large";
            default -> status >= 500 ? "internal error" : "refused";
        };
    }

    private static final class HtmlSafe extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private final int[] escapes;

        HtmlSafe() {
            escapes = standardAsciiEscapesForJSON();
            for (char c : new char[] {'<', '>', '&', '\''}) {
                escapes[c] = CharacterEscapes.ESCAPE_STANDARD;
            }
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return escapes;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return null;
        }
    }
}
