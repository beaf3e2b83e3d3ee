package dev.plumbline.console;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Times as the console shows them: an age a person reads at a glance, and the instant itself in UTC. */
public final class Ages {
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private Ages() { }

    /** "42s ago", "5m ago", "3h ago", "2d ago"; "never" for null. */
    public static String ago(Instant then, Instant now) {
        if (then == null) {
            return "never";
        }
        long s = Math.max(0, Duration.between(then, now).toSeconds());
        if (s < 60) {
            return s + "s ago";
        }
        if (s < 3600) {
            return s / 60 + "m ago";
        }
        if (s < 86_400) {
            return s / 3600 + "h ago";
        }
        return s / 86_400 + "d ago";
    }

    public static String utc(Instant at) {
        return at == null ? "-" : UTC.format(at);
    }
}
