package dev.plumbline.domain;

import java.util.Locale;

/** What a run does to its workspace. */
public enum RunKind {
    /** plan against Git's configuration; its saved plan may later be applied. */
    PLAN,
    /** a scheduled or on-demand plan whose purpose is to detect drift. */
    DRIFT_CHECK,
    /** plan -refresh-only: what changed in the real world, without proposing changes. */
    REFRESH_ONLY,
    /** apply of a stored plan. */
    APPLY;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunKind parse(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
