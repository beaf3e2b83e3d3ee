package dev.plumbline.plan;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One attribute of one resource that was changed outside Git, as refresh found it; values masked. A resource
 * deleted (or created) outside Git is one finding with an empty path and the whole masked object on one side.
 */
public record DriftFinding(String address, ChangeKind kind, AttributeChange change) {

    static DriftFinding of(String address, ChangeKind kind, String path, JsonNode before, JsonNode after) {
        return new DriftFinding(address, kind, new AttributeChange(path, before, after));
    }

    public String path() {
        return change.path();
    }

    public JsonNode before() {
        return change.before();
    }

    public JsonNode after() {
        return change.after();
    }

    public String beforeText() {
        return change.beforeText();
    }

    public String afterText() {
        return change.afterText();
    }
}
