package dev.plumbline.plan;

import java.util.List;

/** What a list of actions amounts to, as tofu summarises it for a human. */
public enum ChangeKind {
    NO_OP("has no changes", "is unchanged"),
    CREATE("will be created", "has been created"),
    READ("will be read during apply", "has been read"),
    UPDATE("will be updated in-place", "has changed"),
    DELETE("will be destroyed", "has been deleted"),
    REPLACE("must be replaced", "has been replaced"),
    FORGET("will be removed from the state but not destroyed", "has been removed from the state");

    private final String planned;
    private final String happened;

    ChangeKind(String planned, String happened) {
        this.planned = planned;
        this.happened = happened;
    }

    /** Phrase for a planned change: {@code # address will be updated in-place}. */
    public String planned() {
        return planned;
    }

    /** Phrase for a change seen during refresh, i.e. one that already happened outside Git. */
    public String happened() {
        return happened;
    }

    public static ChangeKind of(List<Action> actions) {
        if (actions.contains(Action.CREATE) && actions.contains(Action.DELETE)) {
            return REPLACE;
        }
        if (actions.size() == 1) {
            return switch (actions.get(0)) {
                case NO_OP -> NO_OP;
                case CREATE -> CREATE;
                case READ -> READ;
                case UPDATE -> UPDATE;
                case DELETE -> DELETE;
                case FORGET -> FORGET;
            };
        }
        // ["forget", "create"]: a replacement under lifecycle { destroy = false } leaves the old object in place.
        if (actions.contains(Action.CREATE) && actions.contains(Action.FORGET)) {
            return REPLACE;
        }
        throw new IllegalArgumentException("unexpected combination of actions " + actions);
    }

    /** Whether applying would change anything in the real world or in the state. */
    public boolean changes() {
        return this != NO_OP && this != READ;
    }
}
