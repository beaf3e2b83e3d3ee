package dev.plumbline.config;

import java.util.List;

/**
 * Where drift notifications go. {@code baseUrl} is where Plumbline's pages are served, without a trailing '/',
 * for links in the payloads; null when the config does not say, and payloads then carry no link.
 */
public record NotificationsConfig(String baseUrl, List<ChannelConfig> channels) {
    public static final NotificationsConfig NONE = new NotificationsConfig(null, List.of());

    public NotificationsConfig {
        channels = List.copyOf(channels);
    }
}
