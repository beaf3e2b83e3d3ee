package dev.plumbline.notify;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.plumbline.notify.NotifyFixture.CANARY;
import static dev.plumbline.notify.NotifyFixture.PROD;
import static dev.plumbline.notify.NotifyFixture.changed;
import static dev.plumbline.notify.NotifyFixture.deleted;
import static dev.plumbline.notify.NotifyFixture.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.plumbline.config.ChannelConfig;
import dev.plumbline.config.NotificationsConfig;
import dev.plumbline.domain.Classification;
import dev.plumbline.domain.DriftFinding;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.store.Database;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DriftNotifierTest {
    private static final String HOOK = "/hooks/drift";
    private static final String SLACK_PATH = "/services/T0000/B0000/XXXXsecretXXXX";
    private static final String BASE_URL = "https://plumbline.example.com/";

    @TempDir
    Path dir;
    private Database db;
    private WireMockServer receiver;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void start() {
        db = NotifyFixture.open(dir);
        receiver = NotifyFixture.wireMock();
        receiver.stubFor(post(urlPathEqualTo(HOOK)).willReturn(ok()));
        receiver.stubFor(post(urlPathEqualTo(SLACK_PATH)).willReturn(ok("ok")));
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        receiver.stop();
        db.close();
    }

    private DriftNotifier notifier(List<Channel> channels) {
        DriftNotifier notifier = new DriftNotifier(new DriftState(db), channels, BASE_URL);
        toClose.add(0, notifier);
        return notifier;
    }

    private DriftNotifier webhookAndSlack() {
        Map<String, String> env = Map.of("HOOK_SECRET", "s3cret", "SLACK_URL", receiver.baseUrl() + SLACK_PATH);
        NotificationsConfig config = new NotificationsConfig(BASE_URL, List.of(
                new ChannelConfig.Webhook(URI.create(receiver.baseUrl() + HOOK), "HOOK_SECRET"),
                new ChannelConfig.Slack("SLACK_URL")));
        return notifier(Channels.build(config, env, null));
    }

    private long check(DriftNotifier notifier, Classification c, List<DriftFinding> findings) {
        long runId = run(db, PROD);
        notifier.onDriftCheck(PROD, runId, c, findings);
        return runId;
    }

    private List<LoggedRequest> received(String path) {
        return receiver.findAll(postRequestedFor(urlPathEqualTo(path)));
    }

    private void awaitDeliveries(String path, int count) {
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(received(path)).hasSize(count));
    }

    /** Lets queued sends finish, so that "nothing more was sent" is a fact and not a race. */
    private void drain(DriftNotifier notifier) {
        toClose.remove(notifier);
        notifier.close();
    }

    private static JsonNode json(LoggedRequest r) throws IOException {
        return new ObjectMapper().readTree(r.getBody());
    }

    @Test
    void notifies_new_drift_once_then_its_change_then_its_resolution_and_never_errors() throws Exception {
        DriftNotifier notifier = webhookAndSlack();
        List<DriftFinding> tags = List.of(changed("aws_s3_bucket.logs", "tags.owner"));

        long first = check(notifier, Classification.DRIFTED, tags);
        check(notifier, Classification.DRIFTED, tags);
        check(notifier, Classification.ERRORED, List.of());
        long changedRun = check(notifier, Classification.DRIFTED, List.of(tags.get(0), deleted("aws_iam_role.ci")));
        check(notifier, Classification.DRIFTED, List.of(deleted("aws_iam_role.ci"), tags.get(0)));
        check(notifier, null, List.of());
        long resolvedRun = check(notifier, Classification.IN_SYNC, List.of());
        check(notifier, Classification.IN_SYNC, List.of());
        drain(notifier);

        List<LoggedRequest> hooks = received(HOOK);
        assertThat(hooks).hasSize(3);
        assertThat(received(SLACK_PATH)).hasSize(3);
        assertThat(hooks).extracting(r -> json(r).get("transition").asText())
                .containsExactly("new", "changed", "resolved");
        assertThat(hooks).extracting(r -> json(r).get("run_id").asLong())
                .containsExactly(first, changedRun, resolvedRun);
        assertThat(json(hooks.get(1)).get("drifted_addresses")).extracting(JsonNode::asText)
                .containsExactly("aws_iam_role.ci", "aws_s3_bucket.logs");
        assertThat(json(hooks.get(1)).get("link").asText())
                .isEqualTo("https://plumbline.example.com/runs/" + changedRun);
        assertThat(json(hooks.get(2)).get("drifted_addresses")).isEmpty();
    }

    @Test
    void attribute_values_never_reach_any_channel() {
        DriftNotifier notifier = webhookAndSlack();

        check(notifier, Classification.DRIFTED, List.of(changed("aws_db_instance.main", "password"),
                deleted("aws_secretsmanager_secret.api")));
        awaitDeliveries(HOOK, 1);
        awaitDeliveries(SLACK_PATH, 1);

        assertThat(receiver.getAllServeEvents()).hasSize(2).allSatisfy(e -> assertThat(
                new String(e.getRequest().getBody(), StandardCharsets.UTF_8))
                .contains("aws_db_instance.main")
                .doesNotContain(CANARY)
                .doesNotContain("password\""));
    }

    @Test
    void a_failing_channel_neither_blocks_the_others_nor_the_caller() {
        receiver.stubFor(post(urlPathEqualTo("/broken")).willReturn(aResponse().withStatus(500)));
        CountDownLatch never = new CountDownLatch(1);
        Channel hanging = new Channel() {
            @Override
            public String name() {
                return "hanging";
            }

            @Override
            public void send(DriftEvent e) {
                try {
                    never.await();
                } catch (InterruptedException x) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        Channel throwing = new Channel() {
            @Override
            public String name() {
                return "throwing";
            }

            @Override
            public void send(DriftEvent e) {
                throw new IllegalStateException("a bug in a channel");
            }
        };
        DriftNotifier notifier = notifier(List.of(hanging, throwing,
                new WebhookChannel(URI.create(receiver.baseUrl() + "/broken"), () -> "s3cret"),
                new WebhookChannel(URI.create(receiver.baseUrl() + HOOK), () -> "s3cret")));

        long start = System.nanoTime();
        check(notifier, Classification.DRIFTED, List.of(changed("aws_s3_bucket.logs", "tags.owner")));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));

        awaitDeliveries(HOOK, 1);
        awaitDeliveries("/broken", 1);
        never.countDown();
    }

    @Test
    void a_refused_slack_post_is_logged_without_the_slack_url() {
        receiver.stubFor(post(urlPathEqualTo(SLACK_PATH)).willReturn(aResponse().withStatus(403).withBody(
                "invalid_token")));
        try (LogCapture log = new LogCapture()) {
            DriftNotifier notifier = webhookAndSlack();
            check(notifier, Classification.DRIFTED, List.of(changed("aws_s3_bucket.logs", "tags.owner")));
            drain(notifier);

            assertThat(received(HOOK)).hasSize(1);
            assertThat(log.all())
                    .contains("sending drift of infra/prod", "slack $SLACK_URL", "HTTP 403 invalid_token")
                    .doesNotContain("XXXXsecretXXXX")
                    .doesNotContain(CANARY);
        }
    }

    @Test
    void a_refused_webhook_post_is_logged_naming_the_url_without_its_query() {
        receiver.stubFor(post(urlPathEqualTo("/broken")).willReturn(aResponse().withStatus(502)));
        try (LogCapture log = new LogCapture()) {
            DriftNotifier notifier = notifier(List.of(
                    new WebhookChannel(URI.create(receiver.baseUrl() + "/broken?key=query-secret"), () -> "s3cret")));
            check(notifier, Classification.DRIFTED, List.of(changed("aws_s3_bucket.logs", "tags.owner")));
            drain(notifier);

            assertThat(log.all()).contains(receiver.baseUrl() + "/broken: HTTP 502")
                    .doesNotContain("query-secret")
                    .doesNotContain("s3cret");
        }
    }

    @Test
    void a_store_failure_is_logged_and_never_reaches_the_caller() {
        DriftNotifier notifier = webhookAndSlack();
        try (LogCapture log = new LogCapture()) {
            notifier.onDriftCheck(new WorkspaceId("infra", "unregistered"), 1, Classification.DRIFTED,
                    List.of(changed("aws_s3_bucket.logs", "tags.owner")));

            assertThat(log.all()).contains("deciding whether to notify drift in infra/unregistered (run 1)");
        }
        drain(notifier);
        assertThat(receiver.getAllServeEvents()).isEmpty();
    }

    @Test
    void with_no_channels_nothing_is_recorded_so_later_channels_hear_of_existing_drift() {
        DriftNotifier none = notifier(List.of());
        check(none, Classification.DRIFTED, List.of(changed("aws_s3_bucket.logs", "tags.owner")));
        assertThat(db.driftNotifications().find(PROD)).isEmpty();

        DriftNotifier some = webhookAndSlack();
        check(some, Classification.DRIFTED, List.of(changed("aws_s3_bucket.logs", "tags.owner")));
        awaitDeliveries(HOOK, 1);
    }
}
