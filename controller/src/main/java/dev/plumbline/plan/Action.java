package dev.plumbline.plan;

import dev.plumbline.util.Echo;
import java.util.Locale;

/** One element of a change's {@code actions} array, spelled on the wire as tofu spells it ({@code no-op}). */
public enum Action {
    NO_OP,
    CREATE,
    READ,
    UPDATE,
    DELETE,
    /** removed from state without destroying the object (a {@code removed} block with {@code destroy = false}). */
    FORGET;

    public String wire() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * An action this code does not know is refused rather than skipped: treating it as no change could
     * report a workspace in sync while tofu is about to do something to it.
     */
    public static Action parse(String value) {
        for (Action a : values()) {
            if (a.wire().equals(value)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown action " + Echo.quote(value));
    }
}
