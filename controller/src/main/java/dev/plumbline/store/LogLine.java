package dev.plumbline.store;

import java.time.Instant;
import java.util.Objects;

/** One already-redacted line of a run's output, without its line break. */
public record LogLine(LogStream stream, String text, Instant at) {
    public LogLine {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(at, "at");
    }

    public static LogLine now(LogStream stream, String text) {
        return new LogLine(stream, text, Instant.now());
    }
}
