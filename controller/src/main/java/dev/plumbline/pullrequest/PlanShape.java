package dev.plumbline.pullrequest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * What a stored plan would do, in a form two plans can be compared in: one line per resource it changes, with the
 * address, the actions and the planned values (as masked when stored). Reads and no-ops are left out, and so is
 * everything about the run itself (timestamps, the tool's version), so the same change planned twice looks the same.
 */
record PlanShape(List<String> changes) {
    private static final ObjectMapper JSON = new ObjectMapper();

    PlanShape {
        changes = List.copyOf(changes);
    }

    /** From a stored masked plan document ({@code {}} for a plan that changes nothing). */
    static PlanShape of(String maskedJson) {
        JsonNode root;
        try {
            root = JSON.readTree(maskedJson == null || maskedJson.isBlank() ? "{}" : maskedJson);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("reading a stored plan for comparison: " + e.getOriginalMessage(), e);
        }
        List<String> changes = new ArrayList<>();
        for (JsonNode rc : root.path("resource_changes")) {
            JsonNode actions = rc.path("change").path("actions");
            String joined = actions.toString();
            if (joined.equals("[\"no-op\"]") || joined.equals("[\"read\"]")) {
                continue;
            }
            changes.add(rc.path("address").asText() + " " + joined + " " + rc.path("change").path("after")
                    + " " + rc.path("change").path("after_unknown"));
        }
        changes.sort(null);
        return new PlanShape(changes);
    }

    boolean changesNothing() {
        return changes.isEmpty();
    }

    /** The addresses whose planned change differs between the two, for telling people where to look. */
    List<String> differingAddresses(PlanShape other) {
        List<String> out = new ArrayList<>();
        for (String c : changes) {
            if (!other.changes.contains(c)) {
                out.add(address(c));
            }
        }
        for (String c : other.changes) {
            if (!changes.contains(c) && !out.contains(address(c))) {
                out.add(address(c));
            }
        }
        return out;
    }

    private static String address(String change) {
        int space = change.indexOf(' ');
        return space < 0 ? change : change.substring(0, space);
    }
}
