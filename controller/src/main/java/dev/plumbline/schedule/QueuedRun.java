package dev.plumbline.schedule;

import dev.plumbline.domain.WorkspaceId;
import java.util.Locale;
import java.util.Objects;

/** One run waiting for its turn: the workspace it locks, how urgent it is, and the work itself. */
public record QueuedRun(WorkspaceId workspace, Priority priority, String description, Runnable work) {
    public QueuedRun {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(work, "work");
    }

    @Override
    public String toString() {
        return priority.name().toLowerCase(Locale.ROOT) + " of " + workspace + " (" + description + ")";
    }
}
