package dev.plumbline.domain;

import java.util.Locale;

/** Why a run happened. */
public enum Trigger {
    MANUAL,
    SCHEDULE,
    PUSH,
    PULL_REQUEST,
    RETRY,
    /** A change event (a cloud audit event, or one posted to the events endpoint) named a managed resource. */
    EVENT;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Trigger parse(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
