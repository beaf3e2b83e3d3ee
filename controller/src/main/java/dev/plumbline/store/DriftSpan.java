package dev.plumbline.store;

import dev.plumbline.domain.DriftAction;
import dev.plumbline.domain.DriftResolution;
import dev.plumbline.domain.WorkspaceId;
import java.time.Duration;
import java.time.Instant;

/**
 * One stretch of time that one attribute of one resource ({@code attributePath} empty for the whole resource) was
 * drifted in a workspace: first and last seen, by which checks, how many consecutive checks saw it, and, once no
 * check sees it, when and how it was resolved ({@code resolvedByRunId}: the apply that remediated it;
 * {@code resolvedByCommit}: the commit that changed it in Git). Values are the last seen, masked.
 */
public record DriftSpan(
        long id, WorkspaceId workspace, String address, String attributePath, DriftAction action,
        Instant firstSeenAt, long firstRunId, Instant lastSeenAt, long lastRunId, int checks,
        String before, String after, Resolved resolved) {

    /** How a span ended; null on a span still open. */
    public record Resolved(Instant at, long runId, DriftResolution how, Long byRunId, String byCommit) { }

    public boolean open() {
        return resolved == null;
    }

    /** How long it lasted: until it was resolved, or until {@code now} while it is open. */
    public Duration lasted(Instant now) {
        return Duration.between(firstSeenAt, resolved == null ? now : resolved.at());
    }

    /** The key checks carry a span by: the same address and path. */
    String key() {
        return address + '\u0000' + attributePath;
    }
}
