package dev.plumbline.domain;

import java.util.Locale;

/** What a plan says about a workspace, in the order of how much attention it needs. */
public enum Classification {
    /** Git and the real world agree. */
    IN_SYNC,
    /** only output values would change: not drift, though -detailed-exitcode returns 2 for it. */
    OUTPUT_ONLY,
    /** Git differs from the real world, and nothing was changed outside Git. */
    CHANGES_PENDING,
    /** real resources were changed outside Git (seen during refresh). */
    DRIFTED,
    /** the plan could not be completed. */
    ERRORED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Classification parse(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
