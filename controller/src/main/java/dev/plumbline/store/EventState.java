package dev.plumbline.store;

import dev.plumbline.util.Echo;
import java.util.Locale;

/** What became of a change event Plumbline heard. */
public enum EventState {
    /** It named resources a workspace manages, and queued a drift check of each such workspace. */
    MATCHED,
    /** No workspace manages what it named: kept, and counted, so that a gap in the index shows. */
    UNMATCHED,
    /** A read-only call, or a change Plumbline made itself: the reason says which. */
    IGNORED,
    /** It could not be read as an event: the reason says why, and the start of the message is kept. */
    MALFORMED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static EventState parse(String value) {
        for (EventState s : values()) {
            if (s.wire().equals(value)) {
                return s;
            }
        }
        throw new IllegalArgumentException("reading an event: unknown state " + Echo.quote(value));
    }
}
