package dev.plumbline.config;

import java.util.List;

/**
 * One entry of {@code drift.ignore}: drift on the attributes {@code attributes} (all of them when empty) of the
 * resources matching {@code address} is recorded as ignored, never alerted nor remediated. {@code name} says where
 * the rule is written ({@code .plumbline.yaml: workspaces[0].drift.ignore[1]}), which is how an ignored finding
 * names its rule.
 */
public record IgnoreRule(String name, AddressGlob address, List<AttributePath> attributes, String reason) {
    public IgnoreRule {
        attributes = List.copyOf(attributes);
    }

    /** Whether the finding at {@code address} and {@code path} (empty for the whole resource) is covered. */
    public boolean covers(String resourceAddress, String path) {
        if (!address.matches(resourceAddress)) {
            return false;
        }
        if (attributes.isEmpty()) {
            return true;
        }
        // A rule on some attributes never covers a whole resource created or deleted outside Git.
        return path != null && !path.isEmpty() && attributes.stream().anyMatch(a -> a.covers(path));
    }
}
