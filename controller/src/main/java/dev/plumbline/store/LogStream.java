package dev.plumbline.store;

import java.util.Locale;

/** Where a log line came from: the tool's two streams, or Plumbline itself narrating the run. */
public enum LogStream {
    STDOUT,
    STDERR,
    PLUMBLINE;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static LogStream parse(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
