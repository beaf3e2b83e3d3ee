package dev.plumbline.console;

import dev.plumbline.domain.Attribution;
import dev.plumbline.domain.CommitSha;
import dev.plumbline.domain.Run;
import dev.plumbline.store.DriftSpan;
import java.time.Instant;
import java.util.List;

/**
 * A workspace's page: its state on the fleet, the drift timeline, each resource's stretches of drift that overlap
 * the window (newest first), and its recent runs.
 */
public record WorkspaceView(FleetRow state, Timeline timeline, List<ResourceHistory> resources, List<Run> runs,
                            Instant now) {
    /** What drifted on one resource address, stretch by stretch. */
    public record ResourceHistory(String address, List<Stretch> stretches) {
        public boolean open() {
            return stretches.stream().anyMatch(s -> s.span().open());
        }
    }

    /**
     * One stretch of drift of one attribute ({@link DriftSpan}), with who changed the resource when a change event
     * explains the check that first saw it (else null).
     */
    public record Stretch(DriftSpan span, Attribution changedBy) {
        /** How it ended, in words, or that it is still drifted. */
        public String ended() {
            DriftSpan.Resolved r = span.resolved();
            if (r == null) {
                return "still drifted";
            }
            String at = " at " + Ages.utc(r.at());
            return switch (r.how()) {
                case REMEDIATED -> "put back by apply run " + r.byRunId() + at;
                case CHANGED_IN_GIT -> "changed in Git (" + CommitSha.shorten(r.byCommit()) + ")" + at;
                case WENT_BACK -> "went back" + at;
            };
        }
    }
}
