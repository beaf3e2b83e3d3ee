package dev.plumbline.store;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** An API token as the store keeps it: never the token itself. {@code role} is its wire spelling. */
public record StoredToken(long id, String name, String role, Instant createdAt, String createdBy,
        Instant lastUsedAt, Instant revokedAt, String revokedBy) {
    public boolean revoked() {
        return revokedAt != null;
    }

    /** What {@code token list --json} and {@code GET /api/v1/tokens} show of it, in that order. */
    public Map<String, Object> view() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("name", name);
        v.put("role", role);
        v.put("state", revoked() ? "revoked" : "live");
        v.put("created_at", createdAt);
        v.put("created_by", createdBy);
        v.put("last_used_at", lastUsedAt);
        v.put("revoked_at", revokedAt);
        return v;
    }
}
