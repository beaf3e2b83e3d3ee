package dev.plumbline.domain;

import java.util.Locale;

/** Why a run happened. */
public enum Trigger {
    MANUAL,
    SCHEDULE,
    PUSH,
    PULL_REQUEST,
    RETRY;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Trigger parse(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
