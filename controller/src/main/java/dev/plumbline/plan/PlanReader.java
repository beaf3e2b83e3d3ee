package dev.plumbline.plan;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plumbline.util.Echo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code tofu show -json <planfile>} (also {@code terraform show -json}) into a {@link Plan}.
 * Fields it does not know are ignored, as the format grows by adding fields; format versions other than 1.x
 * are refused, as a new major version may change what the known ones mean. A known field of the wrong type is
 * refused naming it ({@link PlanFields}): read as absent, it would hide changes or leave a value unmasked.
 */
public final class PlanReader {
    /** The deepest nesting read; tofu's deepest is a few levels more than the deepest attribute. */
    static final int MAX_DEPTH = 500;
    static final int MAX_NUMBER_LENGTH = 1000;
    static final int MAX_NAME_LENGTH = 50_000;

    // BigDecimal keeps numbers exactly as tofu wrote them in the stored masked copy. Jackson's default limit on
    // one string (20 MB) is lifted: a plan quotes whole file contents, which may be larger. A key written twice
    // is refused: the two copies could say different things about what is sensitive.
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE)
                    .maxNestingDepth(MAX_DEPTH).maxNumberLength(MAX_NUMBER_LENGTH).maxNameLength(MAX_NAME_LENGTH)
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private PlanReader() {
    }

    public static Plan read(String json) throws PlanFormatException {
        return read(json.getBytes(StandardCharsets.UTF_8));
    }

    public static Plan read(byte[] json) throws PlanFormatException {
        try {
            return read(new ByteArrayInputStream(json), true);
        } catch (IOException e) {
            throw new PlanFormatException("reading plan JSON: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a stream to its end; its own failures come out as they are, for the caller to name. Without
     * {@code maskedJson} the plan's {@link Plan#maskedJson()} is null, and the document is let go as soon as the
     * changes are read from it: a plan only analysed needs no stored copy.
     */
    static Plan read(InputStream json, boolean maskedJson) throws PlanFormatException, IOException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (StreamConstraintsException e) {
            throw new PlanFormatException("reading plan JSON: " + constraint(e) + at(e.getLocation()));
        } catch (JsonProcessingException e) {
            // Not Jackson's message: it quotes the offending token, which may be part of a secret.
            String why = e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")
                    ? ": a key appears twice in one object" : "";
            throw new PlanFormatException("reading plan JSON: not valid JSON" + at(e.getLocation()) + why);
        }
        if (root == null || root.isMissingNode()) {
            throw new PlanFormatException("reading plan JSON: the input is empty");
        }
        if (!root.isObject()) {
            throw new PlanFormatException("reading plan JSON: expected an object at the top level, got "
                    + PlanFields.typeOf(root));
        }
        return read((ObjectNode) root, maskedJson);
    }

    private static String at(JsonLocation at) {
        return at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    }

    /** Jackson's wording names its own settings class; the limit and what exceeded it are what the user needs. */
    private static String constraint(StreamConstraintsException e) {
        String m = String.valueOf(e.getOriginalMessage());
        if (m.contains("nesting depth")) {
            return "nested deeper than " + MAX_DEPTH + " levels";
        }
        if (m.startsWith("Number value length") || m.contains("Number value")) {
            return "a number longer than " + MAX_NUMBER_LENGTH + " characters";
        }
        if (m.startsWith("Name length") || m.contains("Name length")) {
            return "a key longer than " + MAX_NAME_LENGTH + " characters";
        }
        return "a value beyond what a plan holds";
    }

    /** The raw tree is the reader's own and is masked in place once the changes are read from it. */
    private static Plan read(ObjectNode root, boolean maskedJson) throws PlanFormatException {
        checkIsPlan(root);
        PlanFields.check(root);
        Secrets secrets = Secrets.in(root);
        List<String> sensitiveOutputs = SensitivePlaces.sensitiveOutputNames(root);
        String formatVersion = root.path("format_version").asText();
        String terraformVersion = text(root, "terraform_version");
        boolean errored = root.path("errored").asBoolean(false);
        List<ResourceChange> changes = changes(root, "resource_changes", secrets);
        List<ResourceChange> drift = changes(root, "resource_drift", secrets);
        List<OutputChange> outputs = outputs(root.path("output_changes"), sensitiveOutputs, secrets);
        String masked = maskedJson ? MaskedDocument.write(root, secrets) : null;
        return new Plan(formatVersion, terraformVersion, errored, changes, drift, outputs, masked);
    }

    private static void checkIsPlan(JsonNode root) throws PlanFormatException {
        JsonNode versionNode = root.path("format_version");
        if (versionNode.isMissingNode() || versionNode.isNull() || versionNode.asText("").isEmpty()) {
            throw new PlanFormatException("reading plan JSON: no format_version; is this the output of show -json?");
        }
        if (!versionNode.isTextual()) {
            throw new PlanFormatException("format_version: must be a string, got " + PlanFields.typeOf(versionNode));
        }
        String version = versionNode.textValue();
        if (!version.startsWith("1.")) {
            throw new PlanFormatException("reading plan JSON: unsupported format_version " + Echo.quote(version)
                    + " (this version reads 1.x)");
        }
        if (!root.has("planned_values") && !root.has("resource_changes") && !root.has("errored")) {
            throw new PlanFormatException("reading plan JSON: no planned_values or resource_changes; this looks like"
                    + " state, not a plan (show -json was given no plan file?)");
        }
    }

    private static List<ResourceChange> changes(JsonNode root, String section, Secrets secrets)
            throws PlanFormatException {
        List<ResourceChange> changes = new ArrayList<>();
        JsonNode entries = root.path(section);
        for (int i = 0; i < entries.size(); i++) {
            String where = section + "[" + i + "]";
            JsonNode entry = entries.get(i);
            String address = text(entry, "address");
            if (address == null) {
                throw new PlanFormatException("reading " + where + ": no address");
            }
            changes.add(change(entry, address, where + " (" + Echo.text(address) + ")", secrets,
                    section.equals("resource_drift")));
        }
        return changes;
    }

    private static ResourceChange change(JsonNode entry, String address, String where, Secrets secrets,
            boolean drift) throws PlanFormatException {
        JsonNode change = entry.path("change");
        List<Action> actions = actions(change.path("actions"), where, "change.actions");
        JsonNode beforeMarks = change.get("before_sensitive");
        JsonNode afterMarks = change.get("after_sensitive");
        return new ResourceChange(
                address,
                text(entry, "previous_address"),
                text(entry, "module_address"),
                text(entry, "mode"),
                text(entry, "type"),
                text(entry, "name"),
                text(entry, "provider_name"),
                text(entry, "deposed"),
                actions,
                kind(actions, where),
                text(entry, "action_reason"),
                change.hasNonNull("importing"),
                secrets.scrub(Masks.apply(change.get("before"), beforeMarks)),
                Unknowns.apply(secrets.scrub(Masks.apply(change.get("after"), afterMarks)), change.get("after_unknown")),
                AttributeDiff.between(change.get("before"), change.get("after"), beforeMarks, afterMarks,
                        change.get("after_unknown"), secrets, drift),
                ReplacePaths.of(change.path("replace_paths"), beforeMarks, afterMarks, secrets));
    }

    private static List<OutputChange> outputs(JsonNode section, List<String> sensitiveNames, Secrets secrets)
            throws PlanFormatException {
        List<OutputChange> outputs = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : section.properties()) {
            String where = "output_changes." + Echo.text(entry.getKey());
            JsonNode change = entry.getValue();
            List<Action> actions = actions(change.path("actions"), where, "actions");
            boolean sensitive = sensitiveNames.contains(entry.getKey())
                    || Masks.anyMarked(change.get("before_sensitive")) || Masks.anyMarked(change.get("after_sensitive"));
            JsonNode before = sensitive ? whole(change.get("before")) : secrets.scrub(change.get("before"));
            JsonNode after = sensitive ? whole(change.get("after")) : secrets.scrub(change.get("after"));
            outputs.add(new OutputChange(entry.getKey(), actions, kind(actions, where), sensitive,
                    before, Unknowns.apply(after, change.get("after_unknown"))));
        }
        return outputs;
    }

    /** A sensitive output is hidden whole, even where its marks would show parts of it. */
    private static JsonNode whole(JsonNode value) {
        return Masks.apply(value, value == null ? null : JSON.getNodeFactory().booleanNode(true));
    }

    private static List<Action> actions(JsonNode node, String where, String field) throws PlanFormatException {
        if (!node.isArray() || node.isEmpty()) {
            throw new PlanFormatException("reading " + where + ": no " + field);
        }
        List<Action> actions = new ArrayList<>();
        for (JsonNode action : node) {
            try {
                actions.add(Action.parse(action.asText()));
            } catch (IllegalArgumentException e) {
                throw new PlanFormatException("reading " + where + ": " + e.getMessage(), e);
            }
        }
        return actions;
    }

    private static ChangeKind kind(List<Action> actions, String where) throws PlanFormatException {
        try {
            return ChangeKind.of(actions);
        } catch (IllegalArgumentException e) {
            throw new PlanFormatException("reading " + where + ": " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    static ObjectMapper mapper() {
        return JSON;
    }
}
