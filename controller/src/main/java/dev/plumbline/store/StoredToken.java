package dev.plumbline.store;

import java.time.Instant;

/** An API token as the store keeps it: never the token itself. {@code role} is its wire spelling. */
public record StoredToken(long id, String name, String role, Instant createdAt, String createdBy,
        Instant lastUsedAt, Instant revokedAt, String revokedBy) {
    public boolean revoked() {
        return revokedAt != null;
    }
}
