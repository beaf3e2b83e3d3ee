package dev.plumbline.store;

import java.util.List;

/**
 * What the queue holds at one moment, across every daemon: the claimed work in the order it was claimed, and the
 * waiting work in the order it will be considered (priority, then age; work whose {@code notBefore} is still ahead
 * is passed over until then).
 */
public record QueueSnapshot(List<WorkItem> running, List<WorkItem> waiting) {
    public QueueSnapshot {
        running = List.copyOf(running);
        waiting = List.copyOf(waiting);
    }

    /** Where waiting work {@code workId} stands, from 1; 0 when it is not waiting. */
    public int positionOf(long workId) {
        for (int i = 0; i < waiting.size(); i++) {
            if (waiting.get(i).id() == workId) {
                return i + 1;
            }
        }
        return 0;
    }
}
