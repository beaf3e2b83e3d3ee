package dev.plumbline.notify;

import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.plumbline.notify.NotifyFixture.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.plumbline.aws.AwsClients;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.testing.MotoServer;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Against the real moto server. What SNS delivered is read where a subscriber would read it: moto POSTs each
 * notification to the HTTP subscriptions of the topic, here a WireMock server. Message attributes are checked
 * through a subscription's filter policy, which only lets through messages whose attributes match.
 */
class SnsChannelTest {
    @RegisterExtension
    static final MotoServer MOTO = new MotoServer();

    private AwsClients aws;
    private SnsClient sns;
    private WireMockServer subscriber;

    @BeforeEach
    void start() {
        aws = MOTO.clients();
        sns = aws.sns();
        subscriber = NotifyFixture.wireMock();
        subscriber.stubFor(post(urlPathMatching("/sns/.*")).willReturn(ok()));
    }

    @AfterEach
    void stop() {
        subscriber.stop();
        aws.close();
    }

    private String topic(String name, Map<String, String> attributes) {
        return sns.createTopic(b -> b.name(name).attributes(attributes)).topicArn();
    }

    private void subscribe(String topicArn, String path, Map<String, String> attributes) {
        sns.subscribe(b -> b.topicArn(topicArn).protocol("http").endpoint(subscriber.baseUrl() + path)
                .attributes(attributes));
    }

    private List<JsonNode> delivered(String path) {
        return subscriber.findAll(postRequestedFor(urlPathEqualTo(path))).stream().map(r -> {
            try {
                return new ObjectMapper().readTree(r.getBody());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).toList();
    }

    @Test
    void publishes_the_json_event_with_the_headline_as_subject() throws Exception {
        String topicArn = topic("drift-all", Map.of());
        subscribe(topicArn, "/sns/all", Map.of());

        new SnsChannel(sns, topicArn).send(event("new", List.of("aws_iam_role.ci", "aws_s3_bucket.logs")));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(delivered("/sns/all")).hasSize(1));
        JsonNode notification = delivered("/sns/all").get(0);
        assertThat(notification.get("TopicArn").asText()).isEqualTo(topicArn);
        assertThat(notification.get("Subject").asText())
                .isEqualTo("Drift detected in infra/prod: 2 resources changed outside Git (run 42)");
        JsonNode message = new ObjectMapper().readTree(notification.get("Message").asText());
        assertThat(message.get("transition").asText()).isEqualTo("new");
        assertThat(message.get("workspace").asText()).isEqualTo("infra/prod");
        assertThat(message.get("run_id").asLong()).isEqualTo(42);
        assertThat(message.get("drifted_addresses")).hasSize(2);
        assertThat(message.get("link").asText()).isEqualTo("https://plumbline.example.com/runs/42");
    }

    @Test
    void workspace_and_transition_are_message_attributes_a_subscription_can_filter_on() {
        String topicArn = topic("drift-filtered", Map.of());
        subscribe(topicArn, "/sns/prod-resolved", Map.of("FilterPolicy",
                "{\"workspace\": [\"infra/prod\"], \"transition\": [\"resolved\"]}"));
        subscribe(topicArn, "/sns/all", Map.of());
        SnsChannel channel = new SnsChannel(sns, topicArn);

        channel.send(event("new", List.of("aws_s3_bucket.logs")));
        channel.send(event("resolved", List.of()));
        channel.send(new DriftEvent("resolved", new WorkspaceId("infra", "staging"), 43, List.of(), null,
                NotifyFixture.AT));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(delivered("/sns/all")).hasSize(3));
        assertThat(delivered("/sns/prod-resolved")).singleElement()
                .satisfies(n -> assertThat(n.get("Subject").asText()).startsWith("Drift resolved in infra/prod"));
    }

    @Test
    void the_event_id_is_a_message_attribute() {
        String topicArn = topic("drift-ids", Map.of());
        DriftEvent e = event("new", List.of("aws_s3_bucket.logs"));
        // the HTTP notifications of the emulator leave attributes out: a filter on one proves it was sent
        subscribe(topicArn, "/sns/this-event", Map.of("FilterPolicy", "{\"event_id\": [\"" + e.eventId() + "\"]}"));
        subscribe(topicArn, "/sns/other-event", Map.of("FilterPolicy", "{\"event_id\": [\"another\"]}"));
        subscribe(topicArn, "/sns/ids", Map.of());

        new SnsChannel(sns, topicArn).send(e);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(delivered("/sns/ids")).hasSize(1));
        assertThat(delivered("/sns/this-event")).hasSize(1);
        assertThat(delivered("/sns/other-event")).isEmpty();
    }

    @Test
    void fifo_topics_get_a_message_group_and_deduplication_id() {
        String topicArn = topic("drift.fifo", Map.of("FifoTopic", "true"));
        subscribe(topicArn, "/sns/fifo", Map.of());

        new SnsChannel(sns, topicArn).send(event("new", List.of("aws_s3_bucket.logs")));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(delivered("/sns/fifo")).hasSize(1));
    }

    @Test
    void a_failed_publish_names_the_topic_and_workspace() {
        String missing = "arn:aws:sns:" + MOTO.region() + ":123456789012:no-such-topic";

        assertThatThrownBy(() -> new SnsChannel(sns, missing).send(event("new", List.of("a.b"))))
                .isInstanceOf(NotificationException.class)
                .hasMessageStartingWith("sending drift of infra/prod (run 42) to sns " + missing + ": ");
    }

    @Test
    void subject_is_printable_ascii_of_at_most_100_characters() {
        String longName = "w".repeat(100);
        String subject = SnsChannel.subject(new DriftEvent("changed", new WorkspaceId("r".repeat(100), longName), 7,
                List.of("a.b"), null, NotifyFixture.AT));

        assertThat(subject).hasSize(100).endsWith("...").matches("[\\x20-\\x7E]+");
    }
}
