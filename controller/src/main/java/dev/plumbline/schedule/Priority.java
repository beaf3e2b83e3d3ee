package dev.plumbline.schedule;

import dev.plumbline.domain.RunKind;

/** Which waiting run starts first when several could: an apply someone is waiting for before a routine check. */
public enum Priority {
    APPLY,
    PLAN,
    DRIFT_CHECK;

    /** A refresh-only run looks for drift, so it waits like a drift check. */
    public static Priority of(RunKind kind) {
        return switch (kind) {
            case APPLY -> APPLY;
            case PLAN -> PLAN;
            case DRIFT_CHECK, REFRESH_ONLY -> DRIFT_CHECK;
        };
    }
}
