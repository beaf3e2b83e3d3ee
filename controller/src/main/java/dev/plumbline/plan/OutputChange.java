package dev.plumbline.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.List;

/** One root output's change. A sensitive output's values read {@link Masks#SENSITIVE} whole. */
public record OutputChange(String name, List<Action> actions, ChangeKind kind, boolean sensitive,
        JsonNode before, JsonNode after) {

    public OutputChange {
        actions = List.copyOf(actions);
        before = before == null ? JsonNodeFactory.instance.nullNode() : before.deepCopy();
        after = after == null ? JsonNodeFactory.instance.nullNode() : after.deepCopy();
    }

    @Override
    public JsonNode before() {
        return before.deepCopy();
    }

    @Override
    public JsonNode after() {
        return after.deepCopy();
    }

    public boolean pending() {
        return kind.changes();
    }
}
