package dev.plumbline.domain;

import java.util.Locale;

/**
 * What a drift check makes of one entry of refresh's drift. Only {@link #DRIFT} is drift: it classifies the plan,
 * is alerted and remediated. The others are stored and shown on request, and count for nothing else. The
 * {@link #wire()} code is what is stored.
 */
public enum DriftDisposition {
    /** the real world differs from the state. */
    DRIFT,
    /** before and after are the same value once normalised (null and [], a reordered set, JSON re-encoded...). */
    NOISE,
    /** a real difference an ignore rule covers; the finding names the rule. */
    IGNORED;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DriftDisposition parse(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
