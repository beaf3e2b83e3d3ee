package dev.plumbline.reconcile;

import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.runner.Cancellation;
import java.util.function.Consumer;

/**
 * Where pull request plans and applies wait their turn: the daemon's run queue, which runs one run per workspace at
 * a time. The work is given the cancellation that stops it when the daemon stops.
 */
public interface WorkspaceRuns {

    /** Runs {@code work} when the workspace is free; applies go before plans. */
    void submit(WorkspaceId workspace, boolean apply, String description, Consumer<Cancellation> work);

    /** On the caller's thread, for commands and tests that want the result before going on. */
    static WorkspaceRuns inline() {
        return (workspace, apply, description, work) -> work.accept(Cancellation.none());
    }
}
