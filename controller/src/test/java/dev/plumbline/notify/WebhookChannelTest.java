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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookChannelTest {
    private static final String SECRET = "It's a Secret to Everybody";

    private WireMockServer receiver;

    @BeforeEach
    void start() {
        receiver = NotifyFixture.wireMock();
    }

    @AfterEach
    void stop() {
        receiver.stop();
    }

    private URI url(String pathAndQuery) {
        return URI.create(receiver.baseUrl() + pathAndQuery);
    }

    private LoggedRequest onlyRequest() {
        List<LoggedRequest> requests = receiver.findAll(postRequestedFor(urlPathEqualTo("/hooks/drift")));
        assertThat(requests).hasSize(1);
        return requests.get(0);
    }

    /** Recomputed here, independently of the channel, as a receiver would. */
    private static String hmacSha256Hex(byte[] body, String key) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }

    @Test
    void signature_is_the_hmac_sha256_of_the_exact_body_received() throws Exception {
        receiver.stubFor(post(urlPathEqualTo("/hooks/drift")).willReturn(ok()));

        new WebhookChannel(url("/hooks/drift"), () -> SECRET).send(event("new", List.of("aws_s3_bucket.logs")));

        LoggedRequest request = onlyRequest();
        assertThat(request.getHeader("X-Plumbline-Signature-256"))
                .isEqualTo("sha256=" + hmacSha256Hex(request.getBody(), SECRET));
    }

    @Test
    void signature_matches_a_known_vector() {
        // the example from GitHub's documentation of X-Hub-Signature-256
        assertThat(WebhookChannel.signature("Hello, World!".getBytes(StandardCharsets.UTF_8), SECRET))
                .isEqualTo("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
    }

    @Test
    void request_carries_event_delivery_and_content_type_headers() {
        receiver.stubFor(post(urlPathEqualTo("/hooks/drift")).willReturn(ok()));
        WebhookChannel channel = new WebhookChannel(url("/hooks/drift"), () -> SECRET);

        channel.send(event("new", List.of("aws_s3_bucket.logs")));
        channel.send(event("resolved", List.of()));

        List<LoggedRequest> requests = receiver.findAll(postRequestedFor(urlPathEqualTo("/hooks/drift")));
        assertThat(requests).hasSize(2).allSatisfy(r -> {
            assertThat(r.getHeader("Content-Type")).isEqualTo("application/json");
            assertThat(r.getHeader("X-Plumbline-Event")).isEqualTo("drift");
            assertThat(UUID.fromString(r.getHeader("X-Plumbline-Delivery"))).isNotNull();
        });
        assertThat(requests.get(0).getHeader("X-Plumbline-Delivery"))
                .isNotEqualTo(requests.get(1).getHeader("X-Plumbline-Delivery"));
    }

    @Test
    void body_names_transition_workspace_run_addresses_link_and_time() throws Exception {
        receiver.stubFor(post(urlPathEqualTo("/hooks/drift")).willReturn(ok()));

        new WebhookChannel(url("/hooks/drift"), () -> SECRET)
                .send(event("changed", List.of("aws_iam_role.ci", "aws_s3_bucket.logs")));

        JsonNode body = new ObjectMapper().readTree(onlyRequest().getBody());
        assertThat(body.get("transition").asText()).isEqualTo("changed");
        assertThat(body.get("workspace").asText()).isEqualTo("infra/prod");
        assertThat(body.get("run_id").asLong()).isEqualTo(42);
        assertThat(body.get("drifted_addresses")).extracting(JsonNode::asText)
                .containsExactly("aws_iam_role.ci", "aws_s3_bucket.logs");
        assertThat(body.get("link").asText()).isEqualTo("https://plumbline.example.com/runs/42");
        assertThat(body.get("at").asText()).isEqualTo("2026-03-01T12:00:00Z");
        assertThat(body.get("event_id").asText()).isEqualTo(onlyRequest().getHeader("X-Plumbline-Event-Id"))
                .isEqualTo(event("changed", List.of("aws_iam_role.ci", "aws_s3_bucket.logs")).eventId());
        assertThat(body.size()).isEqualTo(7);
    }

    @Test
    void a_refused_delivery_names_the_url_without_its_query() {
        receiver.stubFor(post(urlPathEqualTo("/hooks/drift")).willReturn(aResponse().withStatus(401)));
        WebhookChannel channel = new WebhookChannel(url("/hooks/drift?token=query-secret-123"), () -> SECRET);

        assertThatThrownBy(() -> channel.send(event("new", List.of("aws_s3_bucket.logs"))))
                .isInstanceOf(NotificationException.class)
                .hasMessageContaining("infra/prod")
                .hasMessageContaining(receiver.baseUrl() + "/hooks/drift")
                .hasMessageContaining("HTTP 401")
                .hasMessageNotContaining("query-secret-123")
                .hasMessageNotContaining(SECRET);
        assertThat(channel.name()).doesNotContain("query-secret-123");
    }

    @Test
    void a_missing_secret_fails_the_send_without_posting_unsigned() {
        WebhookChannel channel = new WebhookChannel(url("/hooks/drift"), () -> {
            throw new NotificationException("reading the webhook secret: environment variable HOOK_SECRET is not set");
        });

        assertThatThrownBy(() -> channel.send(event("new", List.of("a.b"))))
                .isInstanceOf(NotificationException.class)
                .hasMessageContaining("HOOK_SECRET is not set");
        assertThat(receiver.getAllServeEvents()).isEmpty();
    }

    @Test
    void a_receiver_that_hangs_is_given_up_on_after_the_timeout() {
        receiver.stubFor(post(urlPathEqualTo("/hooks/drift")).willReturn(ok().withFixedDelay(5_000)));
        WebhookChannel channel = new WebhookChannel(url("/hooks/drift"), () -> SECRET,
                new JsonPost(Duration.ofSeconds(1), Duration.ofMillis(300)));

        long start = System.nanoTime();
        assertThatThrownBy(() -> channel.send(event("new", List.of("a.b"))))
                .isInstanceOf(NotificationException.class)
                .hasMessageContaining("timed out");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void only_http_urls_are_accepted() {
        assertThatThrownBy(() -> new WebhookChannel(URI.create("file:///etc/passwd"), () -> SECRET))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected an absolute http or https URL");
    }
}
