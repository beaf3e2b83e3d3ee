package dev.plumbline.schedule;

import dev.plumbline.domain.WorkspaceId;

/**
 * Where a fired schedule goes. Called on one of Quartz's few threads, so an implementation only hands the work
 * on (to the store's queue, through {@link TriggeredRuns}) and returns.
 */
public interface Dispatcher {
    /**
     * A drift check is due. {@code catchUp} is true when it fires late: once on start for the checks that fell due
     * while the daemon was down, or after a stall longer than the misfire threshold.
     */
    void driftCheck(WorkspaceId workspace, boolean catchUp);

    /** The repository's remote is due to be fetched for new commits. */
    void poll(String repo);
}
