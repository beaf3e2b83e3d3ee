package dev.plumbline.vcs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.OptionalLong;

/** Reading fields of the hosts' JSON by JSON Pointer ({@code /pull_request/head/sha}); null counts as absent. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    public static Optional<String> text(JsonNode root, String pointer) {
        JsonNode n = root.at(pointer);
        if (n.isTextual()) {
            return Optional.of(n.textValue());
        }
        return n.isNumber() ? Optional.of(n.asText()) : Optional.empty();
    }

    public static OptionalLong number(JsonNode root, String pointer) {
        JsonNode n = root.at(pointer);
        if (n.isIntegralNumber()) {
            return OptionalLong.of(n.longValue());
        }
        if (n.isTextual() && n.textValue().matches("\\d{1,18}")) {
            return OptionalLong.of(Long.parseLong(n.textValue()));
        }
        return OptionalLong.empty();
    }

    public static Optional<Boolean> bool(JsonNode root, String pointer) {
        JsonNode n = root.at(pointer);
        return n.isBoolean() ? Optional.of(n.booleanValue()) : Optional.empty();
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }
}
