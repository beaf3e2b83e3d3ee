package dev.plumbline.notify;

import dev.plumbline.config.ChannelConfig;
import dev.plumbline.config.NotificationsConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import software.amazon.awssdk.services.sns.SnsClient;

/** Builds the channels of the daemon's {@code notifications} section, as validated when the config was read. */
public final class Channels {
    private Channels() {
    }

    /**
     * The channels, in the order configured. Secrets are looked up in {@code env} at each send, not now: a
     * variable missing or rotated later fails (or succeeds) that send alone, with a message naming the variable.
     *
     * @param snsOrNull the client for SNS channels; needed only when there is one
     */
    public static List<Channel> build(NotificationsConfig config, Map<String, String> env, SnsClient snsOrNull) {
        Objects.requireNonNull(env, "env");
        List<Channel> channels = new ArrayList<>();
        for (ChannelConfig c : config.channels()) {
            if (c instanceof ChannelConfig.Sns sns) {
                if (snsOrNull == null) {
                    throw new IllegalArgumentException("building notification channel sns " + sns.topicArn()
                            + ": no SNS client was given");
                }
                channels.add(new SnsChannel(snsOrNull, sns.topicArn()));
            } else if (c instanceof ChannelConfig.Webhook webhook) {
                channels.add(new WebhookChannel(webhook.url(),
                        fromEnv(env, webhook.secretEnv(), "the webhook secret")));
            } else if (c instanceof ChannelConfig.Slack slack) {
                Supplier<String> url = fromEnv(env, slack.urlEnv(), "the Slack webhook URL");
                channels.add(new SlackChannel("slack $" + slack.urlEnv(), () -> slackUrl(url.get(), slack.urlEnv()),
                        new JsonPost()));
            } else {
                throw new IllegalArgumentException("building notification channels: unknown channel " + c);
            }
        }
        return List.copyOf(channels);
    }

    private static Supplier<String> fromEnv(Map<String, String> env, String variable, String what) {
        return () -> {
            String value = env.get(variable);
            if (value == null || value.isBlank()) {
                throw new NotificationException("reading " + what + ": environment variable " + variable
                        + " is not set");
            }
            return value.strip();
        };
    }

    private static URI slackUrl(String value, String variable) {
        try {
            return new URI(value);
        } catch (URISyntaxException e) {
            // the reason only: the value is the secret
            throw new NotificationException("reading the Slack webhook URL: environment variable " + variable
                    + " does not hold a URL: " + e.getReason());
        }
    }
}
