package dev.plumbline.fleet;

import dev.plumbline.util.Echo;

/**
 * Which workspaces to list: those in {@code condition} (null: any) whose {@code repo/name} contains
 * {@code search} (null or blank: any, case-insensitive), after the cursor {@code after} (null: from the first), at
 * most {@code limit} (1 to {@link #MAX_LIMIT}), in order of repo and name.
 */
public record FleetQuery(Condition condition, String search, String after, int limit) {
    public static final int MAX_LIMIT = 1000;
    public static final int DEFAULT_LIMIT = 100;

    public FleetQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("invalid limit " + limit + ": expected 1 to " + MAX_LIMIT);
        }
        if (search != null && search.length() > 200) {
            throw new IllegalArgumentException("invalid search " + Echo.quote(search) + ": at most 200 characters");
        }
    }
}
