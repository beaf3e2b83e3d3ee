package dev.plumbline.config;

import dev.plumbline.util.Echo;
import java.util.Locale;

/** {@code logging.format}: lines of text (the default), or one JSON object per line with the run's id and workspace. */
public enum LogFormat {
    TEXT,
    JSON;

    /** Reads {@code text} or {@code json}; null when {@code value} is not one of them. */
    static LogFormat parse(String value) {
        for (LogFormat f : values()) {
            if (f.name().toLowerCase(Locale.ROOT).equals(value)) {
                return f;
            }
        }
        return null;
    }

    static String problem(String value) {
        return "must be text or json, got " + Echo.quote(value);
    }
}
