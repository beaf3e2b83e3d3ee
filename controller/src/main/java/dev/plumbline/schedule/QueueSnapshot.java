package dev.plumbline.schedule;

import dev.plumbline.domain.WorkspaceId;
import java.time.Instant;
import java.util.List;

/**
 * What the run queue holds at one moment, for status output: running runs in the order they started, waiting
 * runs in the order they will be considered.
 */
public record QueueSnapshot(List<Entry> running, List<Entry> waiting) {
    public QueueSnapshot {
        running = List.copyOf(running);
        waiting = List.copyOf(waiting);
    }

    /** {@code since} is when the run started for a running entry, when it was submitted for a waiting one. */
    public record Entry(WorkspaceId workspace, Priority priority, String description, Instant since) {
    }
}
