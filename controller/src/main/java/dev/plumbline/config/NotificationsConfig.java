package dev.plumbline.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Where drift notifications go. {@code baseUrl} is where Plumbline's pages are served, without a trailing '/',
 * for links in the payloads; null when the config does not say, and payloads then carry no link. {@code maxAge}
 * is how long an event is retried before it is given up ({@code max_age}, {@value #DEFAULT_MAX_AGE_TEXT} unless
 * set).
 */
public record NotificationsConfig(String baseUrl, List<ChannelConfig> channels, Duration maxAge) {
    static final String DEFAULT_MAX_AGE_TEXT = "24h";
    public static final Duration DEFAULT_MAX_AGE = Duration.ofHours(24);
    /** Less than this could give an event up before a daemon restart has delivered it. */
    public static final Duration MIN_MAX_AGE = Duration.ofMinutes(5);
    /** A drift notification a month late is no longer news. */
    public static final Duration MAX_MAX_AGE = Duration.ofDays(30);
    public static final NotificationsConfig NONE = new NotificationsConfig(null, List.of());

    public NotificationsConfig {
        channels = List.copyOf(channels);
        Objects.requireNonNull(maxAge, "maxAge");
    }

    /** With the default max age. */
    public NotificationsConfig(String baseUrl, List<ChannelConfig> channels) {
        this(baseUrl, channels, DEFAULT_MAX_AGE);
    }
}
