package dev.plumbline.domain;

/**
 * How many resources a plan adds, changes, destroys and forgets, counted as tofu counts them: a replacement counts
 * once to add and once to destroy.
 */
public record ResourceCounts(int add, int change, int destroy, int forget) {
    public static final ResourceCounts NONE = new ResourceCounts(0, 0, 0, 0);

    public ResourceCounts {
        if (add < 0 || change < 0 || destroy < 0 || forget < 0) {
            throw new IllegalArgumentException("resource counts cannot be negative: " + add + " to add, " + change
                    + " to change, " + destroy + " to destroy, " + forget + " to forget");
        }
    }

    /** {@code Plan: 1 to add, 0 to change, 1 to destroy.}, with the forget count only when there is one. */
    public String summary() {
        String forgetting = forget > 0 ? ", " + forget + " to forget" : "";
        return "Plan: " + add + " to add, " + change + " to change, " + destroy + " to destroy" + forgetting + ".";
    }
}
