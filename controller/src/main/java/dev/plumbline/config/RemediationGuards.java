package dev.plumbline.config;

import java.util.List;
import java.util.Set;

/**
 * {@code drift.remediate}: what an {@code on_drift: remediate} may correct on its own. A remediation outside these
 * guards waits for approval instead. {@code attributes} are paths a drifted attribute must lie in (any, when
 * empty); {@code never} the actions that always need a person ({@code delete}, {@code replace}); {@code windows}
 * the times it may apply (any time, when empty); {@code maxChanges} the most resources its plan may change (no
 * limit, when null).
 */
public record RemediationGuards(List<AttributePath> attributes, Set<String> never, List<ChangeWindow> windows,
                                Integer maxChanges) {
    public static final Set<String> ACTIONS = Set.of("create", "update", "delete", "replace");
    public static final RemediationGuards NONE = new RemediationGuards(List.of(), Set.of(), List.of(), null);

    public RemediationGuards {
        attributes = List.copyOf(attributes);
        never = Set.copyOf(never);
        windows = List.copyOf(windows);
    }
}
