package dev.plumbline.reconcile;

import dev.plumbline.domain.Owner;
import dev.plumbline.domain.Run;
import dev.plumbline.domain.RunKind;
import java.util.List;
import java.util.Objects;

/**
 * An owner found gone, and the runs of it that were running and are now recorded interrupted. What they held is
 * for the taker-over to release and queue again: drift checks and plans run again, and a workspace whose apply
 * was cut off gets a fresh plan (through policy again), never the apply re-run.
 */
public record LostRuns(Owner owner, List<Run> interrupted) {
    public LostRuns {
        Objects.requireNonNull(owner, "owner");
        interrupted = List.copyOf(interrupted);
    }

    /** The interrupted applies; each names its workspace, and the store links it to its plan run. */
    public List<Run> applies() {
        return interrupted.stream().filter(r -> r.kind() == RunKind.APPLY).toList();
    }
}
