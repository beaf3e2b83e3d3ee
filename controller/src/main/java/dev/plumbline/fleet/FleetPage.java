package dev.plumbline.fleet;

import java.util.List;

/** One page of the fleet; {@code next} is the cursor of the following page, null on the last. */
public record FleetPage(List<WorkspaceState> workspaces, String next) {
    public FleetPage {
        workspaces = List.copyOf(workspaces);
    }
}
