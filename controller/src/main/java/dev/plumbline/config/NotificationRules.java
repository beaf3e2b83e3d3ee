package dev.plumbline.config;

import dev.plumbline.domain.Hosts;
import dev.plumbline.util.Echo;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The meaning of the daemon's {@code notifications} section. Webhook URLs may carry a token in their query, so
 * no message here repeats one; environment variable names are not repeated either, since the usual mistake is to
 * paste the secret itself where its variable's name belongs.
 */
final class NotificationRules {
    private static final Pattern TOPIC_ARN =
            Pattern.compile("arn:aws[a-z-]*:sns:" + AwsRules.REGION.pattern() + ":\\d{12}:[\\w.-]{1,256}");

    private final Problems problems;

    NotificationRules(Problems problems) {
        this.problems = problems;
    }

    /** {@link NotificationsConfig#NONE} when the file has no such section. */
    NotificationsConfig apply(RawDaemonConfig.Notifications n, boolean awsConfigured) {
        if (n == null) {
            return NotificationsConfig.NONE;
        }
        List<ChannelConfig> channels = new ArrayList<>();
        for (RawDaemonConfig.Channel c : n.channels()) {
            ChannelConfig channel = null;
            if (c.sns() != null) {
                channel = sns(c.sns(), c.at() + ".sns", awsConfigured);
            } else if (c.webhook() != null) {
                channel = webhook(c.webhook(), c.at() + ".webhook");
            } else if (c.slack() != null) {
                channel = new ChannelConfig.Slack(envName(c.slack().urlEnv(), c.at() + ".slack.url_env",
                        "the Slack incoming webhook URL"));
            }
            if (channel != null) {
                channels.add(channel);
            }
        }
        return new NotificationsConfig(baseUrl(n.baseUrl()), channels, maxAge(n.maxAge()));
    }

    // How long an undelivered event is retried; bounded so that a typo neither drops events at once nor keeps
    // retrying stale news for a year.
    private Duration maxAge(String text) {
        String at = "notifications.max_age";
        Duration d = Durations.parse(text, NotificationsConfig.DEFAULT_MAX_AGE, at, problems);
        if (d == null) {
            return NotificationsConfig.DEFAULT_MAX_AGE;
        }
        if (d.compareTo(NotificationsConfig.MIN_MAX_AGE) < 0 || d.compareTo(NotificationsConfig.MAX_MAX_AGE) > 0) {
            problems.add(at, "must be between 5m and 720h (30 days), got " + Echo.quote(text));
            return NotificationsConfig.DEFAULT_MAX_AGE;
        }
        return d;
    }

    private ChannelConfig sns(RawDaemonConfig.Sns s, String at, boolean awsConfigured) {
        if (s.topicArn() == null) {
            problems.addUnlessSaid(at + ".topic_arn", "must be set");
        } else if (s.topicArn().length() > 400 || !TOPIC_ARN.matcher(s.topicArn()).matches()) {
            problems.add(at + ".topic_arn", "must be a topic ARN like arn:aws:sns:eu-west-1:123456789012:drift, got "
                    + Echo.quote(s.topicArn()));
        }
        if (!awsConfigured) {
            problems.add(at, "needs the aws section: topics are published to with the daemon's AWS region and "
                    + "credentials");
        }
        return new ChannelConfig.Sns(s.topicArn());
    }

    private ChannelConfig webhook(RawDaemonConfig.Webhook w, String at) {
        URI url = null;
        if (w.url() == null) {
            problems.addUnlessSaid(at + ".url", "must be set");
        } else {
            url = webhookUrl(w.url(), at + ".url");
        }
        String secretEnv = envName(w.secretEnv(), at + ".secret_env", "the secret the payload is signed with");
        return url == null ? null : new ChannelConfig.Webhook(url, secretEnv);
    }

    // The payload and its signature travel in the request: clear text only where nothing crosses a network.
    private URI webhookUrl(String text, String at) {
        URI uri = uri(text, at);
        if (uri == null) {
            return null;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            problems.add(at, "must be an https:// URL (or http:// for this machine)");
            return null;
        }
        if (scheme.equals("http") && !Hosts.isLoopback(uri.getHost())) {
            problems.add(at, "http:// sends everything in clear text and is only allowed for this machine "
                    + "(localhost, 127.0.0.1, ::1); use https://");
            return null;
        }
        return uri;
    }

    // Links are built as <base_url>/runs/<id>, hence no trailing '/', no query and no fragment.
    private String baseUrl(String text) {
        if (text == null) {
            return null;
        }
        String at = "notifications.base_url";
        URI uri = uri(text, at);
        if (uri == null) {
            return null;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null
                || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            problems.add(at, "must be the http(s) URL Plumbline's pages are served at, like "
                    + "https://plumbline.example.com, got " + Echo.quote(text));
            return null;
        }
        return text.strip().replaceAll("/+$", "");
    }

    private URI uri(String text, String at) {
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            // The parser's message quotes its input, which may hold a token: only the reason is kept.
            problems.add(at, "is not a valid URL: " + e.getReason());
            return null;
        }
        if (uri.getRawUserInfo() != null) {
            problems.add(at, "must not embed credentials");
            return null;
        }
        return uri;
    }

    private String envName(String name, String at, String holding) {
        if (name == null) {
            problems.addUnlessSaid(at, "must be set: the environment variable holding " + holding);
        } else if (!DaemonConfigRules.ENV_NAME.matcher(name).matches()) {
            problems.add(at, "must be the name of the environment variable holding " + holding + " (letters, "
                    + "digits and '_', not starting with a digit), not the value itself; the value is not shown");
        }
        return name;
    }
}
