package dev.plumbline.policy;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What the remediation guards need to know about a plan made by a drift check: the attribute paths that drifted
 * (empty for a whole resource), the actions its changes take ({@code create}, {@code update}, {@code delete},
 * {@code replace}), how many resources it changes, the ignored drift it would undo (as {@code address path}), and
 * when it would apply.
 */
public record RemediationFacts(List<String> driftedPaths, Set<String> actions, int changes,
                               List<String> undoesIgnored, Instant at) {
    public RemediationFacts {
        driftedPaths = List.copyOf(driftedPaths);
        actions = Set.copyOf(actions);
        undoesIgnored = List.copyOf(undoesIgnored);
    }
}
