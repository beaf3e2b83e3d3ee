package dev.plumbline.config;

import static dev.plumbline.config.TestFiles.write;
import static dev.plumbline.config.TestFiles.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotificationsConfigTest {
    private static final String AWS = "aws: {region: eu-west-1}";

    @TempDir
    Path dir;

    @Test
    void without_a_notifications_section_nothing_is_sent() {
        assertThat(load(yaml("data_dir: /d")).notifications()).isSameAs(NotificationsConfig.NONE);
        assertThat(load(yaml("data_dir: /d", "notifications: {}")).notifications())
                .isEqualTo(new NotificationsConfig(null, List.of()));
    }

    @Test
    void every_channel_type_is_read_in_order() {
        DaemonConfig c = load(yaml(
                "data_dir: /d",
                AWS,
                "notifications:",
                "  base_url: https://plumbline.example.com/",
                "  channels:",
                "    - sns: {topic_arn: arn:aws:sns:eu-west-1:123456789012:drift}",
                "    - webhook: {url: https://hooks.example.com/drift, secret_env: DRIFT_HOOK_SECRET}",
                "    - slack: {url_env: SLACK_DRIFT_WEBHOOK}",
                "    - webhook: {url: 'http://127.0.0.1:9999/hook?team=ops', secret_env: LOCAL_HOOK}"));

        assertThat(c.notifications()).isEqualTo(new NotificationsConfig("https://plumbline.example.com", List.of(
                new ChannelConfig.Sns("arn:aws:sns:eu-west-1:123456789012:drift"),
                new ChannelConfig.Webhook(URI.create("https://hooks.example.com/drift"), "DRIFT_HOOK_SECRET"),
                new ChannelConfig.Slack("SLACK_DRIFT_WEBHOOK"),
                new ChannelConfig.Webhook(URI.create("http://127.0.0.1:9999/hook?team=ops"), "LOCAL_HOOK"))));
    }

    @Test
    void max_age_is_a_day_unless_set() {
        assertThat(load(yaml("data_dir: /d", "notifications: {}")).notifications().maxAge())
                .isEqualTo(Duration.ofHours(24));
        assertThat(load(yaml("data_dir: /d", "notifications: {max_age: 6h30m}")).notifications().maxAge())
                .isEqualTo(Duration.ofMinutes(390));
        assertThat(load(yaml("data_dir: /d", "notifications: {max_age: 5m}")).notifications().maxAge())
                .isEqualTo(NotificationsConfig.MIN_MAX_AGE);
        assertThat(load(yaml("data_dir: /d", "notifications: {max_age: 720h}")).notifications().maxAge())
                .isEqualTo(NotificationsConfig.MAX_MAX_AGE);
    }

    @Test
    void the_printed_config_names_environment_variables_and_holds_no_secret() {
        DaemonConfig c = load(yaml(
                "data_dir: /d",
                "notifications:",
                "  channels:",
                "    - webhook: {url: https://hooks.example.com/drift, secret_env: DRIFT_HOOK_SECRET}",
                "    - slack: {url_env: SLACK_DRIFT_WEBHOOK}"));

        assertThat(c.toString()).contains("secretEnv=DRIFT_HOOK_SECRET", "urlEnv=SLACK_DRIFT_WEBHOOK")
                .doesNotContain("hooks.slack.com");
    }

    @Test
    void an_sns_channel_needs_the_aws_section() {
        assertThat(problems(yaml(
                "data_dir: /d",
                "notifications:",
                "  channels:",
                "    - sns: {topic_arn: arn:aws:sns:eu-west-1:123456789012:drift}",
                "    - sns: {}"))).containsExactly(
                "notifications.channels[0].sns: needs the aws section: topics are published to with the daemon's "
                        + "AWS region and credentials",
                "notifications.channels[1].sns.topic_arn: must be set",
                "notifications.channels[1].sns: needs the aws section: topics are published to with the daemon's "
                        + "AWS region and credentials");
    }

    @Test
    void inline_secrets_are_refused_without_being_repeated() {
        ConfigException e = failure(yaml(
                "data_dir: /d",
                "notifications:",
                "  channels:",
                "    - webhook: {url: https://hooks.example.com/drift, secret: s3cr3t-signing-key}",
                "    - slack: {url: 'https://hooks.slack.com/services/T000/B000/XXXXXXXX'}"));

        assertThat(e.problems()).containsExactlyInAnyOrder(
                "notifications.channels[0].webhook.secret: a secret must not be written in the config: put it in an "
                        + "environment variable and name that with secret_env",
                "notifications.channels[0].webhook.secret_env: must be set: the environment variable holding the "
                        + "secret the payload is signed with",
                "notifications.channels[1].slack.url: a Slack webhook URL is a secret and must not be written in the "
                        + "config: put it in an environment variable and name that with url_env",
                "notifications.channels[1].slack.url_env: must be set: the environment variable holding the Slack "
                        + "incoming webhook URL");
        assertThat(e.getMessage()).doesNotContain("s3cr3t-signing-key").doesNotContain("XXXXXXXX");
    }

    @Test
    void a_secret_pasted_where_its_variable_belongs_is_refused_without_being_repeated() {
        ConfigException e = failure(yaml(
                "data_dir: /d",
                "notifications:",
                "  channels:",
                "    - slack: {url_env: 'https://hooks.slack.com/services/T000/B000/XXXXXXXX'}",
                "    - webhook: {url: https://hooks.example.com/drift, secret_env: 's3cr3t signing key'}"));

        assertThat(e.problems()).containsExactly(
                "notifications.channels[0].slack.url_env: must be the name of the environment variable holding the "
                        + "Slack incoming webhook URL (letters, digits and '_', not starting with a digit), not the "
                        + "value itself; the value is not shown",
                "notifications.channels[1].webhook.secret_env: must be the name of the environment variable holding "
                        + "the secret the payload is signed with (letters, digits and '_', not starting with a "
                        + "digit), not the value itself; the value is not shown");
        assertThat(e.getMessage()).doesNotContain("XXXXXXXX").doesNotContain("s3cr3t");
    }

    @Test
    void each_channel_entry_has_exactly_one_type() {
        assertThat(problems(yaml(
                "data_dir: /d",
                AWS,
                "notifications:",
                "  channels:",
                "    - sns: {topic_arn: arn:aws:sns:eu-west-1:123456789012:drift}",
                "      slack: {url_env: SLACK}",
                "    - {}",
                "    - email: {to: ops@example.com}",
                "    - slack:",
                "    - slack"))).containsExactlyInAnyOrder(
                "notifications.channels[0]: must have exactly one channel type, got sns and slack; write each "
                        + "channel as its own list item",
                "notifications.channels[1]: must name its channel type: sns, webhook or slack",
                "notifications.channels[2].email: unknown field (expected one of: sns, webhook, slack)",
                "notifications.channels[3].slack.url_env: must be set: the environment variable holding the Slack "
                        + "incoming webhook URL",
                "notifications.channels[4]: must be a mapping of fields, got a single value");
    }

    @Test
    void every_bad_channel_value_names_its_field() {
        assertThat(problems(yaml(
                "data_dir: /d",
                AWS,
                "notifications:",
                "  base_url: plumbline.example.com",
                "  channels:",
                "    - sns: {topic_arn: 'arn:aws:sqs:eu-west-1:123456789012:drift'}",
                "    - sns: {}",
                "    - webhook: {url: 'ftp://hooks.example.com/drift', secret_env: HOOK}",
                "    - webhook: {url: 'http://hooks.example.com/drift', secret_env: HOOK}",
                "    - webhook: {secret_env: HOOK}",
                "    - webhook: {url: 'https://user:pw@hooks.example.com/x', secret_env: HOOK}",
                "    - webhook: {url: 'https://hooks.example.com/a b', secret_env: HOOK}"))).containsExactlyInAnyOrder(
                "notifications.base_url: must be the http(s) URL Plumbline's pages are served at, like "
                        + "https://plumbline.example.com, got 'plumbline.example.com'",
                "notifications.channels[0].sns.topic_arn: must be a topic ARN like "
                        + "arn:aws:sns:eu-west-1:123456789012:drift, got 'arn:aws:sqs:eu-west-1:123456789012:drift'",
                "notifications.channels[1].sns.topic_arn: must be set",
                "notifications.channels[2].webhook.url: must be an https:// URL (or http:// for this machine)",
                "notifications.channels[3].webhook.url: http:// sends everything in clear text and is only allowed "
                        + "for this machine (localhost, 127.0.0.1, ::1); use https://",
                "notifications.channels[4].webhook.url: must be set",
                "notifications.channels[5].webhook.url: must not embed credentials",
                "notifications.channels[6].webhook.url: is not a valid URL: Illegal character in path");
    }

    @Test
    void topic_arns_are_checked_loosely() {
        for (String arn : List.of("arn:aws:sns:us-east-1:123456789012:drift.fifo",
                "arn:aws-us-gov:sns:us-gov-west-1:123456789012:drift_alerts-1",
                "arn:aws-cn:sns:cn-north-1:123456789012:d")) {
            assertThat(load(yaml("data_dir: /d", AWS, "notifications: {channels: [{sns: {topic_arn: '" + arn
                    + "'}}]}")).notifications().channels()).containsExactly(new ChannelConfig.Sns(arn));
        }
        for (String arn : List.of("arn:aws:sns:eu-west-1:12345:drift", "arn:aws:sns:eu-west-1:123456789012:",
                "arn:aws:sns:Europe:123456789012:drift", "drift")) {
            assertThat(problems(yaml("data_dir: /d", AWS, "notifications: {channels: [{sns: {topic_arn: '" + arn
                    + "'}}]}"))).as(arn).singleElement().asString()
                    .startsWith("notifications.channels[0].sns.topic_arn: must be a topic ARN");
        }
    }

    @Test
    void unknown_fields_under_notifications_are_named_with_the_known_ones() {
        assertThat(problems(yaml(
                "data_dir: /d",
                AWS,
                "notifications:",
                "  baseurl: https://p.example.com",
                "  channels:",
                "    - sns: {topic_arn: 'arn:aws:sns:eu-west-1:123456789012:drift', subject: Drift}",
                "    - webhook: {url: https://h.example.com/x, secret_env: H, method: PUT}",
                "    - slack: {url_env: S, channel: '#ops'}"))).containsExactlyInAnyOrder(
                "notifications.baseurl: unknown field (expected one of: base_url, channels, max_age)",
                "notifications.channels[0].sns.subject: unknown field (expected one of: topic_arn)",
                "notifications.channels[1].webhook.method: unknown field (expected one of: url, secret_env)",
                "notifications.channels[2].slack.channel: unknown field (expected one of: url_env)");
    }

    @Test
    void sections_of_the_wrong_shape_are_named() {
        assertThat(problems(yaml("data_dir: /d", "notifications: {channels: {slack: {url_env: S}}}")))
                .containsExactly("notifications.channels: must be a list, got a mapping");
        assertThat(problems(yaml("data_dir: /d", "notifications: [slack]")))
                .containsExactly("notifications: must be a mapping of fields, got a list");
    }

    private DaemonConfig load(String content) {
        return DaemonConfig.load(write(dir, "config.yaml", content));
    }

    private List<String> problems(String content) {
        return failure(content).problems();
    }

    private ConfigException failure(String content) {
        Path file = write(dir, "config.yaml", content);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> DaemonConfig.load(file));
        assertThat(e).as("loading should fail").isNotNull();
        assertThat(e.getMessage().lines()).allMatch(l -> l.startsWith(file + ": "));
        return e;
    }
}
