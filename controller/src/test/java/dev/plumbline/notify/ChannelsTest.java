package dev.plumbline.notify;

import static dev.plumbline.testing.DaemonConfigs.problems;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumbline.config.ChannelConfig;
import dev.plumbline.config.ConfigException;
import dev.plumbline.config.NotificationsConfig;
import dev.plumbline.testing.DaemonConfigs;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChannelsTest {
    @Test
    void builds_one_channel_per_setting_in_order_with_names_free_of_secrets() {
        NotificationsConfig config = new NotificationsConfig("https://plumbline.example.com", List.of(
                new ChannelConfig.Webhook(URI.create("https://hooks.example.com/drift?token=abc"), "HOOK_SECRET"),
                new ChannelConfig.Slack("SLACK_URL")));

        List<Channel> channels = Channels.build(config, Map.of(), null);

        assertThat(channels).extracting(Channel::name)
                .containsExactly("webhook https://hooks.example.com/drift", "slack $SLACK_URL");
    }

    @Test
    void no_settings_give_no_channels() {
        assertThat(Channels.build(NotificationsConfig.NONE, Map.of(), null)).isEmpty();
    }

    @Test
    void an_sns_channel_needs_a_client() {
        NotificationsConfig config = new NotificationsConfig(null, List.of(
                new ChannelConfig.Sns("arn:aws:sns:eu-west-1:123456789012:drift")));

        assertThatThrownBy(() -> Channels.build(config, Map.of(), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("building notification channel sns arn:aws:sns:eu-west-1:123456789012:drift:"
                        + " no SNS client was given");
    }

    @Test
    void secrets_are_read_from_the_environment_at_send_time() {
        Map<String, String> env = new HashMap<>();
        NotificationsConfig config = new NotificationsConfig(null, List.of(new ChannelConfig.Slack("SLACK_URL")));
        Channel slack = Channels.build(config, env, null).get(0);
        DriftEvent event = NotifyFixture.event("new", List.of("a.b"));

        assertThatThrownBy(() -> slack.send(event))
                .isInstanceOf(NotificationException.class)
                .hasMessageEndingWith("reading the Slack webhook URL: environment variable SLACK_URL is not set");

        env.put("SLACK_URL", "not a url at all/XXXXsecretXXXX");
        assertThatThrownBy(() -> slack.send(event))
                .isInstanceOf(NotificationException.class)
                .hasMessageContaining("environment variable SLACK_URL does not hold a URL")
                .hasMessageNotContaining("XXXXsecretXXXX");
    }

    @Test
    void settings_refuse_what_cannot_work() {
        assertThat(problems(channel("sns: {topic_arn: drift-topic}"))).singleElement().asString()
                .contains("topic_arn: must be a topic ARN").contains("'drift-topic'");
        assertThat(problems(channel("webhook: {url: 'ftp://example.com/x', secret_env: HOOK_SECRET}")))
                .singleElement().asString().contains("url: must be an https:// URL (or http:// for this machine)");
        ConfigException badUrl = DaemonConfigs.failure(
                channel("webhook: {url: 'https://example.com/a b?token=t0ken', secret_env: HOOK_SECRET}"));
        assertThat(badUrl).hasMessageContaining("url: is not a valid URL").hasMessageNotContaining("t0ken")
                .hasNoCause();
        assertThat(problems(channel("webhook: {url: 'https://example.com/x', secret_env: hook-secret}")))
                .singleElement().asString().contains("secret_env: must be the name of the environment variable");
        ConfigException pasted = DaemonConfigs.failure(
                channel("slack: {url_env: 'https://hooks.slack.com/services/T/B/XXXXsecretXXXX'}"));
        assertThat(pasted).hasMessageContaining("url_env: must be the name of the environment variable")
                .hasMessageNotContaining("XXXXsecretXXXX");
    }

    /** A daemon config with one notification channel, written as a YAML flow mapping. */
    private static String[] channel(String flow) {
        return new String[] {"data_dir: /d", "aws: {region: eu-west-1}", "notifications:", "  channels:",
            "    - " + flow};
    }
}
