package dev.plumbline.plan;

import java.util.List;

/** Tofu's own summary line: a replacement counts once to add and once to destroy. */
public record PlanCounts(int add, int change, int destroy, int forget) {

    public static PlanCounts of(List<ResourceChange> changes) {
        int add = 0;
        int change = 0;
        int destroy = 0;
        int forget = 0;
        for (ResourceChange rc : changes) {
            // tofu counts only what it renders: deleting a data source is state cleanup, ephemerals are never stored
            if (!rc.pending()) {
                continue;
            }
            List<Action> actions = rc.actions();
            if (actions.contains(Action.CREATE)) {
                add++;
            }
            if (actions.contains(Action.DELETE)) {
                destroy++;
            }
            if (actions.contains(Action.UPDATE)) {
                change++;
            }
            if (actions.contains(Action.FORGET)) {
                forget++;
            }
        }
        return new PlanCounts(add, change, destroy, forget);
    }

    /** {@code Plan: 1 to add, 0 to change, 1 to destroy.}, with the forget count only when there is one. */
    public String summary() {
        String forgetting = forget > 0 ? ", " + forget + " to forget" : "";
        return "Plan: " + add + " to add, " + change + " to change, " + destroy + " to destroy" + forgetting + ".";
    }
}
