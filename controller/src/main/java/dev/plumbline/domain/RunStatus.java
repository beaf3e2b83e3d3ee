package dev.plumbline.domain;

import java.util.Locale;

/**
 * Life cycle of a run. A row is written as {@link #RUNNING} before the tool starts; anything still RUNNING when
 * the daemon starts again was cut off and becomes {@link #INTERRUPTED}, so a crash is visible, never silent.
 */
public enum RunStatus {
    PENDING,
    RUNNING,
    SUCCEEDED,
    FAILED,
    INTERRUPTED,
    CANCELLED;

    public boolean isFinal() {
        return this != PENDING && this != RUNNING;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunStatus parse(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
