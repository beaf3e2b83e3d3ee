package dev.plumbline.console;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The fleet page: the workspaces shown (after the filter and the search), how many there are of each status. */
public record FleetView(List<FleetRow> rows, Map<String, Integer> counts, String status, String search, Instant now) {
    public static final List<String> STATUSES = List.of("drifted", "errored", "changes_pending", "output_only",
            "in_sync", "unchecked");

    public FleetView {
        rows = List.copyOf(rows);
        counts = Map.copyOf(counts);
    }

    public int count(String s) {
        return counts.getOrDefault(s, 0);
    }
}
