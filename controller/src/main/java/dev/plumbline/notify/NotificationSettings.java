package dev.plumbline.notify;

import java.util.List;

/**
 * Where drift notifications go, as the daemon's configuration says. {@code baseUrl} is where Plumbline's pages
 * are served ({@code https://plumbline.example.com}); events link to {@code <baseUrl>/runs/<id>}. It may be
 * null, and events then carry no link.
 */
public record NotificationSettings(List<ChannelSettings> channels, String baseUrl) {
    public NotificationSettings {
        channels = channels == null ? List.of() : List.copyOf(channels);
    }

    public static NotificationSettings none() {
        return new NotificationSettings(List.of(), null);
    }
}
