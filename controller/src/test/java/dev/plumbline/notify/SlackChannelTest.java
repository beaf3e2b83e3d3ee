package dev.plumbline.notify;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.plumbline.notify.NotifyFixture.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URI;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SlackChannelTest {
    /** Shaped like a real incoming webhook: the path is the credential. */
    private static final String SECRET_PATH = "/services/T0000/B0000/XXXXsecretXXXX";

    private WireMockServer slack;

    @BeforeEach
    void start() {
        slack = NotifyFixture.wireMock();
    }

    @AfterEach
    void stop() {
        slack.stop();
    }

    private SlackChannel channel() {
        return new SlackChannel(URI.create(slack.baseUrl() + SECRET_PATH));
    }

    private JsonNode onlyMessage() throws Exception {
        List<LoggedRequest> requests = slack.findAll(postRequestedFor(urlPathEqualTo(SECRET_PATH)));
        assertThat(requests).hasSize(1);
        assertThat(requests.get(0).getHeader("Content-Type")).isEqualTo("application/json");
        return new ObjectMapper().readTree(requests.get(0).getBody());
    }

    @Test
    void message_has_a_readable_text_and_blocks_naming_workspace_resources_and_run() throws Exception {
        slack.stubFor(post(urlPathEqualTo(SECRET_PATH)).willReturn(ok("ok")));

        channel().send(event("new", List.of("aws_iam_role.ci", "module.net.aws_vpc.main[\"eu\"]")));

        JsonNode message = onlyMessage();
        assertThat(message.get("text").asText())
                .isEqualTo("Drift detected in infra/prod: 2 resources changed outside Git (run 42)");
        String blocks = message.get("blocks").toString();
        assertThat(message.get("blocks")).hasSize(3);
        assertThat(blocks).contains("aws_iam_role.ci", "module.net.aws_vpc.main[\\\"eu\\\"]",
                "<https://plumbline.example.com/runs/42|Run 42>");
    }

    @Test
    void the_event_id_is_in_the_last_block_for_a_reader_to_tell_a_repeat() throws Exception {
        slack.stubFor(post(urlPathEqualTo(SECRET_PATH)).willReturn(ok("ok")));
        DriftEvent e = event("new", List.of("aws_iam_role.ci"));

        channel().send(e);

        JsonNode blocks = onlyMessage().get("blocks");
        assertThat(blocks.get(blocks.size() - 1).toString()).contains("event " + e.eventId());
    }

    @Test
    void resolved_drift_says_so_without_a_resource_list() throws Exception {
        slack.stubFor(post(urlPathEqualTo(SECRET_PATH)).willReturn(ok("ok")));

        channel().send(event("resolved", List.of()));

        JsonNode message = onlyMessage();
        assertThat(message.get("text").asText()).startsWith("Drift resolved in infra/prod");
        assertThat(message.get("blocks")).hasSize(2);
    }

    @Test
    void mrkdwn_control_characters_in_addresses_are_escaped() {
        String text = SlackChannel.message(event("new", List.of("null_resource.x[\"<!channel> & `y`\"]")));

        assertThat(text).contains("&lt;!channel&gt; &amp; 'y'").doesNotContain("<!channel>");
    }

    @Test
    void a_long_list_of_resources_is_cut_short() throws Exception {
        List<String> many = IntStream.range(0, 500).mapToObj(i -> "aws_route53_record.record_" + i).toList();

        JsonNode message = new ObjectMapper().readTree(SlackChannel.message(event("new", many)));

        String list = message.get("blocks").get(1).get("text").get("text").asText();
        assertThat(list.length()).isLessThan(3000);
        assertThat(list).endsWith("more");
    }

    @Test
    void a_refused_post_shows_slack_error_code_and_host_but_not_the_url() {
        slack.stubFor(post(urlPathEqualTo(SECRET_PATH)).willReturn(aResponse().withStatus(404).withBody("no_service")));

        assertThatThrownBy(() -> channel().send(event("new", List.of("a.b"))))
                .isInstanceOf(NotificationException.class)
                .hasMessageContaining("HTTP 404 no_service")
                .hasMessageContaining("to slack " + slack.baseUrl() + ": HTTP 404")
                .hasMessageNotContaining("XXXXsecretXXXX")
                .hasMessageNotContaining("/services");
        assertThat(channel().name()).doesNotContain("XXXXsecretXXXX");
    }

    @Test
    void an_unreachable_slack_fails_without_showing_the_url() {
        URI url = URI.create(slack.baseUrl() + SECRET_PATH);
        slack.stop();

        assertThatThrownBy(() -> new SlackChannel(url).send(event("new", List.of("a.b"))))
                .isInstanceOf(NotificationException.class)
                .hasMessageContaining("ConnectException")
                .hasMessageNotContaining("XXXXsecretXXXX")
                .hasNoCause();
    }
}
