package dev.plumbline.plan;

import dev.plumbline.domain.DriftAction;
import java.util.List;
import java.util.Locale;

/** What a list of actions amounts to, as tofu summarises it for a human. */
public enum ChangeKind {
    NO_OP("has no changes", null),
    CREATE("will be created", DriftAction.CREATE),
    READ("will be read during apply", DriftAction.READ),
    UPDATE("will be updated in-place", DriftAction.UPDATE),
    DELETE("will be destroyed", DriftAction.DELETE),
    REPLACE("must be replaced", DriftAction.REPLACE),
    FORGET("will be removed from the state but not destroyed", DriftAction.FORGET);

    private final String planned;
    private final DriftAction drift;

    ChangeKind(String planned, DriftAction drift) {
        this.planned = planned;
        this.drift = drift;
    }

    /** Phrase for a planned change: {@code # address will be updated in-place}. */
    public String planned() {
        return planned;
    }

    /** The change as drift: one seen during refresh, i.e. one that already happened outside Git. */
    public DriftAction drift() {
        if (drift == null) {
            throw new IllegalStateException("reading a change as drift: " + name().toLowerCase(Locale.ROOT)
                    + " changes nothing, so it is not drift");
        }
        return drift;
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
