package dev.plumbline.config;

import dev.plumbline.util.Echo;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them in config files: {@code 30s}, {@code 5m}, {@code 1h}, {@code 1h30m}. */
final class Durations {
    private static final Pattern WHOLE = Pattern.compile("(?:\\d+(?:ms|s|m|h))+");
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h)");

    private Durations() { }

    /** The duration, or null after recording a problem at {@code path}; {@code fallback} when not written. */
    static Duration parse(String text, Duration fallback, String path, Problems problems) {
        if (text == null) {
            return fallback;
        }
        String t = text.strip();
        if (t.length() > 40 || !WHOLE.matcher(t).matches()) {
            problems.add(path, "must be a duration like 30s, 5m or 1h, got " + Echo.quote(text));
            return null;
        }
        Duration total = Duration.ZERO;
        Matcher m = PART.matcher(t);
        try {
            while (m.find()) {
                long n = Long.parseLong(m.group(1));
                total = total.plus(switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofHours(n);
                });
            }
        } catch (ArithmeticException | NumberFormatException e) {
            problems.add(path, "is too long, got " + Echo.quote(text));
            return null;
        }
        if (total.isZero()) {
            problems.add(path, "must be longer than zero, got " + Echo.quote(text));
            return null;
        }
        return total;
    }
}
