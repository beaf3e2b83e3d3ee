package dev.plumbline.store;

import dev.plumbline.util.Echo;
import java.util.Locale;

/** What a piece of queued work asks for, and how urgent it is next to the rest. */
public enum WorkKind {
    /** A drift check of the workspace at its branch head; corrects drift where the workspace says so. */
    DRIFT_CHECK(2),
    /** A plan of the workspace at its branch head, applied as its policy allows. */
    PLAN(1),
    /** A review (fmt, validate, plan) of a pull request head. */
    PULL_REQUEST_REVIEW(1),
    /** An apply of a reviewed pull request plan, asked for by a comment. */
    PULL_REQUEST_APPLY(0);

    private final int priority;

    WorkKind(int priority) {
        this.priority = priority;
    }

    /**
     * Lower runs first: an apply someone is waiting for before a plan, a plan before a routine check; within one
     * priority the oldest first.
     */
    public int priority() {
        return priority;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static WorkKind parse(String value) {
        for (WorkKind k : values()) {
            if (k.wire().equals(value)) {
                return k;
            }
        }
        throw new IllegalArgumentException("reading queued work: unknown kind " + Echo.quote(value));
    }
}
