package dev.plumbline.fleet;

import dev.plumbline.domain.Classification;
import dev.plumbline.domain.RunStatus;
import dev.plumbline.util.Echo;
import java.util.Locale;

/**
 * A workspace's condition as its last finished drift check left it: never checked, what a completed check
 * classified, or errored when the check did not complete (failed, interrupted, cancelled) or could not plan.
 */
public enum Condition {
    UNCHECKED,
    IN_SYNC,
    OUTPUT_ONLY,
    CHANGES_PENDING,
    DRIFTED,
    ERRORED;

    /** The condition a finished check of {@code status} and {@code classification} (null when none) leaves. */
    public static Condition of(RunStatus status, Classification classification) {
        if (status == null) {
            return UNCHECKED;
        }
        if (status != RunStatus.SUCCEEDED || classification == null) {
            return ERRORED;
        }
        return valueOf(classification.name());
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Condition parse(String value) {
        for (Condition c : values()) {
            if (c.wire().equals(value)) {
                return c;
            }
        }
        throw new IllegalArgumentException("invalid condition " + Echo.quote(value) + ": expected one of"
                + " unchecked, in_sync, output_only, changes_pending, drifted, errored");
    }
}
