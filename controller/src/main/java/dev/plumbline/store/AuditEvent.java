package dev.plumbline.store;

import dev.plumbline.domain.WorkspaceId;
import java.time.Instant;

/** Who did what, and when. {@code workspace}, {@code runId} and {@code detail} are null when not relevant. */
public record AuditEvent(long id, Instant at, String actor, String action, WorkspaceId workspace, Long runId,
                         String detail) {
}
