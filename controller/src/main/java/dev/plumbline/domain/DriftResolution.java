package dev.plumbline.domain;

import java.util.Locale;

/** How a stretch of drift ended; the {@link #wire()} code is what is stored. */
public enum DriftResolution {
    /** an apply of the commit the drift was seen at ran in between: Plumbline (or a person) put it back. */
    REMEDIATED,
    /** the commit moved: the configuration was changed in Git, and applied, to what the real world holds. */
    CHANGED_IN_GIT,
    /** neither: the real world went back by itself (or someone undid the change by hand). */
    WENT_BACK;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DriftResolution parse(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
