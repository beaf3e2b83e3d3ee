package dev.plumbline.store;

import dev.plumbline.domain.RunKind;
import dev.plumbline.domain.Tool;
import dev.plumbline.domain.Trigger;
import dev.plumbline.domain.WorkspaceId;
import java.util.Objects;

/**
 * A run about to be queued or started. {@code commitSha}, {@code toolVersion} and {@code retryOf} may be null
 * (not known yet, or not a retry); {@code attempt} counts from 1. {@code ownerId} is the process that runs it
 * ({@link dev.plumbline.domain.Owner#id}); null when no process owns it yet (queued work) or none is known.
 */
public record NewRun(WorkspaceId workspace, RunKind kind, Trigger trigger, String commitSha, Tool tool,
                     String toolVersion, int attempt, Long retryOf, String ownerId) {
    public NewRun {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(tool, "tool");
        if (attempt < 1) {
            throw new IllegalArgumentException("run of " + workspace + ": attempt must be 1 or more, got " + attempt);
        }
    }

    /** A run no process owns yet. */
    public NewRun(WorkspaceId workspace, RunKind kind, Trigger trigger, String commitSha, Tool tool,
                  String toolVersion, int attempt, Long retryOf) {
        this(workspace, kind, trigger, commitSha, tool, toolVersion, attempt, retryOf, null);
    }

    /** The same run, owned by the process {@code ownerId}. */
    public NewRun ownedBy(String ownerId) {
        return new NewRun(workspace, kind, trigger, commitSha, tool, toolVersion, attempt, retryOf, ownerId);
    }

    /** A first attempt, not a retry. */
    public static NewRun first(WorkspaceId workspace, RunKind kind, Trigger trigger, String commitSha, Tool tool,
                               String toolVersion) {
        return new NewRun(workspace, kind, trigger, commitSha, tool, toolVersion, 1, null);
    }
}
