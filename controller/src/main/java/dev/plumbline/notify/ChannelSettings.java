package dev.plumbline.notify;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;

/**
 * One notification channel as configured. Secrets are never written in the configuration: it names the
 * environment variable holding them, read at each send.
 */
public sealed interface ChannelSettings {
    /** An SNS topic; the daemon's AWS credentials must allow sns:Publish on it. */
    record Sns(String topicArn) implements ChannelSettings {
        public Sns {
            if (topicArn == null || !topicArn.startsWith("arn:") || topicArn.split(":", -1).length != 6) {
                throw new IllegalArgumentException("sns notification channel: topic_arn '" + topicArn
                        + "' is not a topic ARN (arn:<partition>:sns:<region>:<account>:<topic>)");
            }
        }
    }

    /** A URL that receives the JSON event, signed with the secret in environment variable {@code secretEnv}. */
    record Webhook(URI url, String secretEnv) implements ChannelSettings {
        public Webhook {
            Objects.requireNonNull(url, "url");
            JsonPost.requireHttp(url, "webhook notification channel: url " + JsonPost.withoutSecrets(url));
            requireEnvName(secretEnv, "webhook notification channel " + JsonPost.withoutSecrets(url), "secret_env");
        }
    }

    /** A Slack incoming webhook, whose URL (a secret in itself) is in environment variable {@code urlEnv}. */
    record Slack(String urlEnv) implements ChannelSettings {
        public Slack {
            requireEnvName(urlEnv, "slack notification channel", "url_env");
        }
    }

    static Sns sns(String topicArn) {
        return new Sns(topicArn);
    }

    static Webhook webhook(String url, String secretEnv) {
        if (url == null) {
            throw new IllegalArgumentException("webhook notification channel: url is missing");
        }
        try {
            return new Webhook(new URI(url), secretEnv);
        } catch (URISyntaxException e) {
            // the reason and index only, and no cause: the text itself may hold a token in its query
            throw new IllegalArgumentException("webhook notification channel: url is not a URL: " + e.getReason()
                    + " at index " + e.getIndex());
        }
    }

    static Slack slack(String urlEnv) {
        return new Slack(urlEnv);
    }

    private static void requireEnvName(String name, String channel, String field) {
        if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            // the value is not shown: a secret pasted here by mistake must not reach the logs
            throw new IllegalArgumentException(channel + ": " + field + " is not an environment variable name"
                    + " (letters, digits and '_'); it names the variable holding the secret, not the secret");
        }
    }
}
