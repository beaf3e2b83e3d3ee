package dev.plumbline.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;

/**
 * One entry of {@code resource_changes} (what applying would do) or of {@code resource_drift} (what changed
 * outside tofu since the last apply). {@code before} and {@code after} are masked; optional text fields are null
 * when absent from the plan.
 *
 * @param moduleAddress  {@code module.a.module.b}, or null in the root module
 * @param mode           {@code managed}, {@code data} or {@code ephemeral}
 * @param provider       the provider's source address, {@code registry.opentofu.org/hashicorp/local}
 * @param deposed        key of a deposed object (left over from a create-before-destroy), else null
 * @param actionReason   why tofu chose these actions, {@code replace_because_cannot_update}, or null
 * @param replacePaths   attribute paths that force replacement
 */
public record ResourceChange(
        String address,
        String previousAddress,
        String moduleAddress,
        String mode,
        String type,
        String name,
        String provider,
        String deposed,
        List<Action> actions,
        ChangeKind kind,
        String actionReason,
        boolean importing,
        JsonNode before,
        JsonNode after,
        List<AttributeChange> attributeChanges,
        List<String> replacePaths) {

    public ResourceChange {
        actions = List.copyOf(actions);
        attributeChanges = List.copyOf(attributeChanges);
        replacePaths = List.copyOf(replacePaths);
        before = copy(before);
        after = copy(after);
    }

    @Override
    public JsonNode before() {
        return before.deepCopy();
    }

    @Override
    public JsonNode after() {
        return after.deepCopy();
    }

    /** The changed attribute paths, in the plan's order. */
    public List<String> changedAttributes() {
        return attributeChanges.stream().map(AttributeChange::path).toList();
    }

    public boolean isManaged() {
        return "managed".equals(mode);
    }

    public boolean moved() {
        return previousAddress != null && !previousAddress.equals(address);
    }

    /**
     * Whether applying would change the state or the real world. Tofu itself shows moves and imports even when
     * the object is otherwise unchanged, and hides the deletion of a data source (state cleanup only); ephemeral
     * resources are opened on every run and never stored, so they are never pending.
     */
    public boolean pending() {
        if ("ephemeral".equals(mode)) {
            return false;
        }
        if (!isManaged() && kind == ChangeKind.DELETE) {
            return false;
        }
        return kind.changes() || moved() || importing;
    }

    private static JsonNode copy(JsonNode node) {
        return node == null || node.isMissingNode() ? JsonNodeFactory.instance.nullNode() : node.deepCopy();
    }
}
