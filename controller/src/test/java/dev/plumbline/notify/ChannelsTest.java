package dev.plumbline.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChannelsTest {
    @Test
    void builds_one_channel_per_setting_in_order_with_names_free_of_secrets() {
        NotificationSettings settings = new NotificationSettings(List.of(
                ChannelSettings.webhook("https://hooks.example.com/drift?token=abc", "HOOK_SECRET"),
                ChannelSettings.slack("SLACK_URL")), "https://plumbline.example.com");

        List<Channel> channels = Channels.build(settings, Map.of(), null);

        assertThat(channels).extracting(Channel::name)
                .containsExactly("webhook https://hooks.example.com/drift", "slack $SLACK_URL");
    }

    @Test
    void no_settings_give_no_channels() {
        assertThat(Channels.build(NotificationSettings.none(), Map.of(), null)).isEmpty();
    }

    @Test
    void an_sns_channel_needs_a_client() {
        NotificationSettings settings = new NotificationSettings(List.of(
                ChannelSettings.sns("arn:aws:sns:eu-west-1:123456789012:drift")), null);

        assertThatThrownBy(() -> Channels.build(settings, Map.of(), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("building notification channel sns arn:aws:sns:eu-west-1:123456789012:drift:"
                        + " no SNS client was given");
    }

    @Test
    void secrets_are_read_from_the_environment_at_send_time() {
        Map<String, String> env = new HashMap<>();
        NotificationSettings settings = new NotificationSettings(List.of(ChannelSettings.slack("SLACK_URL")), null);
        Channel slack = Channels.build(settings, env, null).get(0);
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
        assertThatThrownBy(() -> ChannelSettings.sns("drift-topic"))
                .hasMessageContaining("topic_arn 'drift-topic' is not a topic ARN");
        assertThatThrownBy(() -> ChannelSettings.webhook("ftp://example.com/x", "HOOK_SECRET"))
                .hasMessageContaining("expected an absolute http or https URL");
        assertThatThrownBy(() -> ChannelSettings.webhook("https://example.com/a b?token=t0ken", "HOOK_SECRET"))
                .hasMessageContaining("url is not a URL")
                .hasMessageNotContaining("t0ken")
                .hasNoCause();
        assertThatThrownBy(() -> ChannelSettings.webhook("https://example.com/x", "hook-secret"))
                .hasMessageContaining("secret_env is not an environment variable name");
        assertThatThrownBy(() -> ChannelSettings.slack("https://hooks.slack.com/services/T/B/XXXXsecretXXXX"))
                .hasMessageContaining("url_env is not an environment variable name")
                .hasMessageNotContaining("XXXXsecretXXXX");
    }
}
