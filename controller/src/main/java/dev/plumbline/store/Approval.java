package dev.plumbline.store;

import java.time.Instant;

/**
 * Someone's approval to apply one run's plan, tied to that plan's sha256; {@code comment} may be null, and so may
 * {@code approvedVia} (how the approver was authenticated) on approvals recorded before identities were.
 */
public record Approval(long id, long runId, String planSha256, String approvedBy, Instant approvedAt,
                       String comment, String approvedVia) {
}
