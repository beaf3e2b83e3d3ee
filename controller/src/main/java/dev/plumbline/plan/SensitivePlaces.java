package dev.plumbline.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds every place of a {@code show -json} document that holds a sensitive value, and hands each to a visitor.
 *
 * <p>Rather than knowing each section by name, the walk applies the format's own conventions wherever they
 * appear ({@code before}/{@code before_sensitive}, {@code values}/{@code sensitive_values},
 * {@code sensitive: true} beside a {@code value} or {@code default}), so a section added by a later format
 * version that follows them is covered too. Two places carry no marks and are handled by name: root
 * {@code variables} (sensitivity is declared in the configuration) and {@code output_changes}.
 */
final class SensitivePlaces {
    private static final JsonNode WHOLE = BooleanNode.TRUE;

    /** Called with the object holding a sensitive value, the field, and the marks ({@code true}: all of it). */
    interface Visitor {
        void visit(ObjectNode holder, String field, JsonNode marks);
    }

    private SensitivePlaces() {
    }

    static void walk(ObjectNode doc, Visitor visitor) {
        // names are read before the walk: a masking visitor may rewrite the flags' surroundings
        List<String> sensitiveOutputs = sensitiveOutputNames(doc);
        JsonNode declaredVariables = doc.path("configuration").path("root_module").path("variables").deepCopy();
        walkNode(doc, visitor);
        variables(doc, declaredVariables, visitor);
        for (String name : sensitiveOutputs) {
            JsonNode change = doc.path("output_changes").get(name);
            if (change != null && change.isObject()) {
                visitor.visit((ObjectNode) change, "before", WHOLE);
                visitor.visit((ObjectNode) change, "after", WHOLE);
            }
        }
    }

    private static void walkNode(JsonNode node, Visitor visitor) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            byMarks(object, "before", "before_sensitive", visitor);
            byMarks(object, "after", "after_sensitive", visitor);
            byMarks(object, "values", "sensitive_values", visitor);
            if (isDeclaredSensitive(object)) {
                // a sensitive output's expression may be a literal: configuration.root_module.outputs.x.expression
                for (String field : List.of("value", "default", "before", "after", "values", "expression")) {
                    whole(object, field, visitor);
                }
            }
            // Configuration generated for an import is HCL text holding the imported object's values.
            whole(object, "generated_config", visitor);
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                walkNode(field.getValue(), visitor);
            }
        } else if (node.isArray()) {
            for (JsonNode child : node) {
                walkNode(child, visitor);
            }
        }
    }

    /** The marks are widened to the digests of marked attributes: they are as telling as the value. */
    private static void byMarks(ObjectNode object, String valueField, String marksField, Visitor visitor) {
        if (object.has(valueField) && Masks.anyMarked(object.get(marksField))) {
            visitor.visit(object, valueField, DigestMarks.widen(object.get(valueField), object.get(marksField)));
        }
    }

    private static void whole(ObjectNode object, String field, Visitor visitor) {
        JsonNode value = object.get(field);
        if (value != null && !value.isNull()) {
            visitor.visit(object, field, WHOLE);
        }
    }

    /** {@code sensitive} that is anything but false counts: an unexpected spelling is no reason to leak. */
    static boolean isDeclaredSensitive(JsonNode object) {
        JsonNode flag = object.isObject() ? object.get("sensitive") : null;
        return flag != null && !flag.isNull() && !(flag.isBoolean() && !flag.booleanValue());
    }

    /**
     * Root variables carry their values without marks. A variable is shown only when the root module declares
     * it and declares it not sensitive; when the configuration is missing, every value is hidden.
     */
    private static void variables(ObjectNode doc, JsonNode declared, Visitor visitor) {
        for (Map.Entry<String, JsonNode> variable : doc.path("variables").properties()) {
            JsonNode declaration = declared.get(variable.getKey());
            boolean plain = declaration != null && declaration.isObject() && !isDeclaredSensitive(declaration);
            if (!plain && variable.getValue().isObject()) {
                whole((ObjectNode) variable.getValue(), "value", visitor);
            }
        }
    }

    /** Outputs declared sensitive in the configuration, the planned values or the prior state. */
    static List<String> sensitiveOutputNames(JsonNode doc) {
        List<String> names = new ArrayList<>();
        List<JsonNode> declarations = List.of(
                doc.path("configuration").path("root_module").path("outputs"),
                doc.path("planned_values").path("outputs"),
                doc.path("prior_state").path("values").path("outputs"));
        for (JsonNode outputs : declarations) {
            for (Map.Entry<String, JsonNode> output : outputs.properties()) {
                if (isDeclaredSensitive(output.getValue()) && !names.contains(output.getKey())) {
                    names.add(output.getKey());
                }
            }
        }
        return names;
    }
}
