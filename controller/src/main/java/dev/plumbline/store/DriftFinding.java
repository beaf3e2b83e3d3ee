package dev.plumbline.store;

import java.util.Objects;

/**
 * One difference between Git and the real world. {@code action} is the plan's action for the resource
 * (for example "update" or "delete"); the path and both values are null when not known, and the values are
 * already masked when sensitive.
 */
public record DriftFinding(String address, String action, String attributePath, String before, String after) {
    public DriftFinding {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(action, "action");
    }
}
