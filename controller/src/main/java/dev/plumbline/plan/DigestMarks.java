package dev.plumbline.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;

/**
 * Widens tofu's sensitivity marks to the digests a provider computes of a sensitive attribute. Tofu marks only
 * what the schema or the configuration makes sensitive: {@code local_sensitive_file.content} is marked, its
 * {@code content_sha256} beside it is not, yet a digest of a short or guessable secret gives it away. So an
 * attribute named {@code <marked>_<digest>} is marked too, and so is {@code <name>_<digest>} beside a marked
 * {@code sensitive_<name>} ({@code local_file.sensitive_content} has its digests as {@code content_sha256}).
 * Only a marked attribute that holds a value counts: a null one has no digest.
 */
final class DigestMarks {
    static final List<String> DIGESTS = List.of("md5", "sha1", "sha256", "sha512", "base64sha256", "base64sha512");
    private static final String SENSITIVE_PREFIX = "sensitive_";

    private DigestMarks() {
    }

    /** The marks of {@code value}, with its digest attributes marked as well; {@code marks} is not changed. */
    static JsonNode widen(JsonNode value, JsonNode marks) {
        if (value == null || marks == null || Masks.wholly(marks) || !Masks.anyMarked(marks)) {
            return marks;
        }
        if (marks.isObject() && value.isObject()) {
            ObjectNode widened = JsonNodeFactory.instance.objectNode();
            for (Map.Entry<String, JsonNode> mark : marks.properties()) {
                widened.set(mark.getKey(), widen(value.get(mark.getKey()), mark.getValue()));
            }
            for (Map.Entry<String, JsonNode> mark : marks.properties()) {
                // the schema marks local_file.sensitive_content even when it is null and content is plain
                JsonNode marked = value.get(mark.getKey());
                if (Masks.wholly(mark.getValue()) && marked != null && !marked.isNull()) {
                    markDigests(value, widened, mark.getKey());
                    if (mark.getKey().startsWith(SENSITIVE_PREFIX)) {
                        markDigests(value, widened, mark.getKey().substring(SENSITIVE_PREFIX.length()));
                    }
                }
            }
            return widened;
        }
        if (marks.isArray() && value.isArray()) {
            ArrayNode widened = JsonNodeFactory.instance.arrayNode();
            for (int i = 0; i < marks.size(); i++) {
                widened.add(Masks.orNull(widen(value.get(i), marks.get(i))));
            }
            return widened;
        }
        return marks;
    }

    private static void markDigests(JsonNode value, ObjectNode marks, String attribute) {
        for (String digest : DIGESTS) {
            String name = attribute + "_" + digest;
            if (value.has(name)) {
                marks.set(name, BooleanNode.TRUE);
            }
        }
    }
}
