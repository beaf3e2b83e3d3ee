package dev.plumbline.config;

import java.net.URI;

/**
 * One notification channel. Secrets are named, never held: the config gives the environment variable that holds
 * a webhook's signing secret or a Slack webhook URL (a secret as a whole), and the sender reads it when it sends.
 */
public sealed interface ChannelConfig {

    /** An SNS topic, published to with the daemon's AWS credentials. */
    record Sns(String topicArn) implements ChannelConfig { }

    /** A URL that receives the JSON payload, signed with the secret in environment variable {@code secretEnv}. */
    record Webhook(URI url, String secretEnv) implements ChannelConfig { }

    /** A Slack incoming webhook whose URL is in environment variable {@code urlEnv}. */
    record Slack(String urlEnv) implements ChannelConfig { }
}
