package dev.plumbline.store;

import dev.plumbline.domain.RunKind;
import dev.plumbline.domain.Tool;
import dev.plumbline.domain.Trigger;
import dev.plumbline.domain.WorkspaceId;
import java.util.Objects;

/**
 * A run about to be queued or started. {@code commitSha}, {@code toolVersion} and {@code retryOf} may be null
 * (not known yet, or not a retry); {@code attempt} counts from 1.
 */
public record NewRun(WorkspaceId workspace, RunKind kind, Trigger trigger, String commitSha, Tool tool,
                     String toolVersion, int attempt, Long retryOf) {
    public NewRun {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(tool, "tool");
        if (attempt < 1) {
            throw new IllegalArgumentException("run of " + workspace + ": attempt must be 1 or more, got " + attempt);
        }
    }

    /** A first attempt, not a retry. */
    public static NewRun first(WorkspaceId workspace, RunKind kind, Trigger trigger, String commitSha, Tool tool,
                               String toolVersion) {
        return new NewRun(workspace, kind, trigger, commitSha, tool, toolVersion, 1, null);
    }
}
