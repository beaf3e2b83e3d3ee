package dev.plumbline.rego;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plumbline.domain.PolicyResult.Kind;
import dev.plumbline.domain.PolicyResult.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the rules of one evaluated {@code data} document as conftest does, so that policies written for conftest
 * (and Atlantis' policy checks) work unchanged: in each namespace, the rules {@code deny} and {@code violation}
 * (and {@code deny_*}, {@code violation_*}) deny, {@code warn} (and {@code warn_*}) warns. A rule's value is a set
 * of strings, or of objects whose {@code msg} is the message (other fields are details and are left out), or a
 * single such value, or {@code true}.
 */
final class Conftest {
    /** At most this many messages of one set are kept; the rest are counted. */
    static final int MAX_MESSAGES = 100;
    /** A message is cut to this length: a rule can build a string of any size. */
    static final int MAX_LENGTH = 1000;

    private Conftest() { }

    /**
     * The messages of the namespaces' rules, in namespace order, then rule name order (as OPA sorts them).
     *
     * @throws RegoException naming a namespace that no file of the set declares
     */
    static List<Message> messages(JsonNode data, List<String> namespaces) {
        List<Message> out = new ArrayList<>();
        for (String ns : namespaces) {
            JsonNode pkg = find(data, ns).orElseThrow(() -> new RegoException("namespace " + ns
                    + " has no rules: no file of the set declares package " + ns));
            for (Map.Entry<String, JsonNode> rule : pkg.properties()) {
                kind(rule.getKey()).ifPresent(kind -> values(rule.getValue()).forEach(text ->
                        out.add(new Message(kind, ns + "." + rule.getKey(), cut(text)))));
            }
        }
        return out;
    }

    static Optional<Kind> kind(String rule) {
        if (rule.equals("deny") || rule.equals("violation") || rule.startsWith("deny_")
                || rule.startsWith("violation_")) {
            return Optional.of(Kind.DENY);
        }
        if (rule.equals("warn") || rule.startsWith("warn_")) {
            return Optional.of(Kind.WARN);
        }
        return Optional.empty();
    }

    private static Optional<JsonNode> find(JsonNode data, String namespace) {
        JsonNode at = data;
        for (String part : namespace.split("\\.")) {
            at = at == null ? null : at.get(part);
        }
        return at != null && at.isObject() ? Optional.of(at) : Optional.empty();
    }

    private static List<String> values(JsonNode value) {
        List<String> out = new ArrayList<>();
        if (value.isArray()) {
            value.forEach(v -> one(v).ifPresent(out::add));
        } else {
            one(value).ifPresent(out::add);
        }
        return out;
    }

    private static Optional<String> one(JsonNode v) {
        if (v.isTextual()) {
            return Optional.of(v.textValue());
        }
        if (v.isBoolean()) {
            // deny := true: a failing rule without a message of its own
            return v.booleanValue() ? Optional.of("(the rule is true)") : Optional.empty();
        }
        if (v.isObject() && v.path("msg").isTextual()) {
            return Optional.of(v.path("msg").textValue());
        }
        if (v.isNull() || v.isMissingNode() || v.isContainerNode() && v.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(v.toString());
    }

    private static String cut(String text) {
        return text.length() <= MAX_LENGTH ? text : text.substring(0, MAX_LENGTH) + "...";
    }
}
