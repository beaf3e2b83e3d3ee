package dev.plumbline.store;

import dev.plumbline.util.Echo;
import java.util.Locale;

/** Where a piece of queued work is: waiting, being run by the daemon that claimed it, or over. */
public enum WorkState {
    QUEUED,
    CLAIMED,
    /** It ran; the run it made, if any, records how. */
    DONE,
    /** Withdrawn before it ran, or joined by a newer copy of the same work. */
    CANCELLED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isFinal() {
        return this == DONE || this == CANCELLED;
    }

    public static WorkState parse(String value) {
        for (WorkState s : values()) {
            if (s.wire().equals(value)) {
                return s;
            }
        }
        throw new IllegalArgumentException("reading queued work: unknown state " + Echo.quote(value));
    }
}
