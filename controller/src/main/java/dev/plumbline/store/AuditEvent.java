package dev.plumbline.store;

import dev.plumbline.domain.WorkspaceId;
import java.time.Instant;

/**
 * Who did what, and when. {@code workspace}, {@code runId} and {@code detail} are null when not relevant;
 * {@code via} says how the actor was authenticated (token:NAME, oidc, local-link, os-user:NAME), null on events
 * recorded before identities were.
 */
public record AuditEvent(long id, Instant at, String actor, String action, WorkspaceId workspace, Long runId,
                         String detail, String via) {
}
