package dev.plumbline.console;

import dev.plumbline.domain.Attribution;
import dev.plumbline.domain.Run;
import java.time.Instant;
import java.util.List;

/**
 * A workspace's page: its state on the fleet, the drift timeline, each resource's drift history in the window
 * (newest first), and its recent runs.
 */
public record WorkspaceView(FleetRow state, Timeline timeline, List<ResourceHistory> resources, List<Run> runs,
                            Instant now) {
    /** What was found drifted on one resource address, check by check. */
    public record ResourceHistory(String address, List<Seen> seen) { }

    /**
     * One finding of a check: its run, when, the action, the attribute that moved (null for the whole), and who
     * changed the resource when a change event explains it (else null).
     */
    public record Seen(long runId, Instant at, String action, String attribute, Attribution changedBy) { }
}
