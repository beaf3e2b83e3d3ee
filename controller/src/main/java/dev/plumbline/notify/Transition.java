package dev.plumbline.notify;

import java.util.Locale;

/** How a workspace's drift moved since the last notification; every value but {@link #NONE} is worth one. */
public enum Transition {
    /** drift appeared where there was none (or none yet notified). */
    NEW,
    /** still drifted, but other resources, attributes or actions than last notified. */
    CHANGED,
    /** the drift last notified is gone. */
    RESOLVED,
    /** nothing to tell: the same drift, still no drift, or a check that could not tell. */
    NONE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean notifies() {
        return this != NONE;
    }
}
