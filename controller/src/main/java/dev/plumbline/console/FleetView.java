package dev.plumbline.console;

import java.time.Instant;
import java.util.List;

/**
 * The fleet page: one page of workspaces after the filter and the search, and the query of the next page
 * ({@code next}, null on the last).
 */
public record FleetView(List<FleetRow> rows, String status, String search, String next, Instant now) {
    public static final List<String> STATUSES = List.of("drifted", "errored", "changes_pending", "output_only",
            "in_sync", "unchecked");

    public FleetView {
        rows = List.copyOf(rows);
    }
}
