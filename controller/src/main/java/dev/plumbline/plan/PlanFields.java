package dev.plumbline.plan;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plumbline.util.Echo;
import java.util.Map;

/**
 * The types of the fields of a plan that the reader relies on. A field of the wrong type is refused naming it
 * ({@code output_changes: must be an object, got a list}) rather than read as absent: an {@code output_changes}
 * list would drop every output change, and a {@code variables} entry that is not an object would keep its value
 * out of the masking. Absent and null fields are left to the reader, which knows which are required.
 */
final class PlanFields {
    private enum Type { OBJECT, LIST, STRING, BOOLEAN, MARKS }

    private PlanFields() {
    }

    static void check(JsonNode root) throws PlanFormatException {
        expect(root, "terraform_version", Type.STRING, "");
        expect(root, "errored", Type.BOOLEAN, "");
        for (String section : new String[] {"planned_values", "prior_state", "configuration", "variables",
                "output_changes"}) {
            expect(root, section, Type.OBJECT, "");
        }
        for (String section : new String[] {"resource_changes", "resource_drift", "relevant_attributes", "checks"}) {
            expect(root, section, Type.LIST, "");
        }
        for (String section : new String[] {"resource_changes", "resource_drift"}) {
            JsonNode entries = root.path(section);
            for (int i = 0; i < entries.size(); i++) {
                resourceChange(entries.get(i), section + "[" + i + "]");
            }
        }
        for (Map.Entry<String, JsonNode> output : root.path("output_changes").properties()) {
            String where = "output_changes." + Echo.text(output.getKey());
            requireObject(output.getValue(), where);
            noControl(output.getKey(), where);
            change(output.getValue(), where);
        }
        // root variables carry no marks: only an object's value can be hidden when it is sensitive
        for (Map.Entry<String, JsonNode> variable : root.path("variables").properties()) {
            requireObject(variable.getValue(), "variables." + Echo.text(variable.getKey()));
        }
        for (String outputs : new String[] {"/configuration/root_module/outputs", "/planned_values/outputs",
                "/prior_state/values/outputs", "/configuration/root_module/variables"}) {
            JsonNode node = root.at(outputs);
            String where = outputs.substring(1).replace('/', '.');
            if (!node.isMissingNode() && !node.isNull()) {
                requireType(node, Type.OBJECT, where);
            }
        }
    }

    private static void resourceChange(JsonNode entry, String where) throws PlanFormatException {
        requireObject(entry, where);
        for (String field : new String[] {"address", "previous_address", "module_address", "mode", "type", "name",
                "provider_name", "deposed", "action_reason"}) {
            expect(entry, field, Type.STRING, where + ".");
        }
        for (String printed : new String[] {"address", "previous_address", "deposed", "action_reason"}) {
            JsonNode value = entry.get(printed);
            if (value != null && value.isTextual()) {
                noControl(value.textValue(), where + "." + printed);
            }
        }
        expect(entry, "change", Type.OBJECT, where + ".");
        JsonNode change = entry.get("change");
        if (change != null && change.isObject()) {
            change(change, where + ".change");
            expect(change, "importing", Type.OBJECT, where + ".change.");
            expect(change, "replace_paths", Type.LIST, where + ".change.");
            JsonNode paths = change.path("replace_paths");
            for (int i = 0; i < paths.size(); i++) {
                JsonNode path = paths.get(i);
                String at = where + ".change.replace_paths[" + i + "]";
                requireType(path, Type.LIST, at);
                for (int j = 0; j < path.size(); j++) {
                    JsonNode step = path.get(j);
                    if (!step.isTextual() && !step.isIntegralNumber()) {
                        throw wrong(at + "[" + j + "]", "a string or a whole number", step);
                    }
                }
            }
        }
    }

    /** What resource and output changes share: actions and marks. */
    private static void change(JsonNode change, String where) throws PlanFormatException {
        expect(change, "actions", Type.LIST, where + ".");
        JsonNode actions = change.path("actions");
        for (int i = 0; i < actions.size(); i++) {
            requireType(actions.get(i), Type.STRING, where + ".actions[" + i + "]");
        }
        for (String marks : new String[] {"before_sensitive", "after_sensitive", "after_unknown"}) {
            expect(change, marks, Type.MARKS, where + ".");
        }
    }

    private static void expect(JsonNode holder, String field, Type type, String prefix) throws PlanFormatException {
        JsonNode value = holder.get(field);
        if (value != null && !value.isNull()) {
            requireType(value, type, prefix + field);
        }
    }

    private static void requireObject(JsonNode value, String where) throws PlanFormatException {
        requireType(value, Type.OBJECT, where);
    }

    private static void requireType(JsonNode value, Type type, String where) throws PlanFormatException {
        boolean ok = switch (type) {
            case OBJECT -> value.isObject();
            case LIST -> value.isArray();
            case STRING -> value.isTextual();
            case BOOLEAN -> value.isBoolean();
            case MARKS -> value.isBoolean() || value.isContainerNode();
        };
        if (!ok) {
            throw wrong(where, switch (type) {
                case OBJECT -> "an object";
                case LIST -> "a list";
                case STRING -> "a string";
                case BOOLEAN -> "true or false";
                case MARKS -> "true, false, an object or a list";
            }, value);
        }
    }

    /** Addresses and names are printed as they are: an escape sequence in one would be sent to the terminal. */
    private static void noControl(String text, String where) throws PlanFormatException {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                throw new PlanFormatException(where + ": control characters are not allowed (found U+"
                        + String.format("%04X", (int) c) + " in " + Echo.quote(text) + ")");
            }
        }
    }

    private static PlanFormatException wrong(String where, String expected, JsonNode got) {
        return new PlanFormatException(where + ": must be " + expected + ", got " + typeOf(got));
    }

    /** The JSON type of a value, as a plan's reader would name it. */
    static String typeOf(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        if (node.isObject()) {
            return "an object";
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isTextual()) {
            return "a string";
        }
        if (node.isNumber()) {
            return "a number";
        }
        if (node.isBoolean()) {
            return node.booleanValue() ? "true" : "false";
        }
        return "null";
    }
}
