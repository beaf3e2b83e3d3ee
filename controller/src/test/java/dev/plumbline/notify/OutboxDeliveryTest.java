package dev.plumbline.notify;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.plumbline.notify.NotifyFixture.CANARY;
import static dev.plumbline.notify.NotifyFixture.PROD;
import static dev.plumbline.notify.NotifyFixture.changed;
import static dev.plumbline.notify.NotifyFixture.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.plumbline.domain.Classification;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.store.Database;
import dev.plumbline.store.Notification;
import dev.plumbline.testing.MovableClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outbox against a real HTTP receiver on 127.0.0.1 and a real H2 store: retries, restarts, the max age, and
 * who delivers what. Most tests drive the rounds by hand with a clock they move, so that "due in 10 s" is a fact
 * and not a wait; the others use the threads as a daemon or a CLI command does.
 */
class OutboxDeliveryTest {
    private static final String HOOK = "/hooks/drift";
    private static final OutboxPolicy POLICY = OutboxPolicy.of(Duration.ofHours(24));

    @TempDir
    Path dir;
    private Database db;
    private final MovableClock clock = new MovableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void open() {
        db = NotifyFixture.open(dir);
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        db.close();
    }

    private WireMockServer receiver(WireMockConfiguration options) {
        WireMockServer server = new WireMockServer(options.bindAddress("127.0.0.1"));
        server.start();
        toClose.add(server::stop);
        return server;
    }

    private static WebhookChannel webhook(String baseUrl) {
        return new WebhookChannel(URI.create(baseUrl + HOOK), () -> "s3cret");
    }

    /** Decided and committed as a drift check's finishing transaction does, with no thread to send it yet. */
    private static void decide(DriftNotifier notifier, Database db, WorkspaceId workspace) {
        long runId = run(db, workspace);
        db.inTransaction(tx -> notifier.record(tx, workspace, runId, Classification.DRIFTED,
                List.of(changed("aws_s3_bucket.logs", "tags.owner"))));
    }

    private Notification only() {
        return db.notificationOutbox().list(Optional.empty(), 10).stream().reduce((a, b) -> {
            throw new AssertionError("more than one notification: " + a + ", " + b);
        }).orElseThrow();
    }

    private static List<LoggedRequest> received(WireMockServer receiver) {
        return receiver.findAll(postRequestedFor(urlPathEqualTo(HOOK)));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void a_receiver_down_then_failing_then_answering_gets_the_event_once_per_attempt_with_one_event_id()
            throws Exception {
        int port = freePort();
        Outbox outbox = new Outbox(db, List.of(webhook("http://127.0.0.1:" + port)), POLICY, clock);
        decide(new DriftNotifier(new DriftState(db), outbox, null, clock), db, PROD);
        Instant created = clock.instant();

        assertThat(outbox.deliverDue(true)).as("nothing listens on the port").isEqualTo(1);
        Notification refused = only();
        assertThat(refused.state()).isEqualTo(Notification.State.PENDING);
        assertThat(refused.delivery().attempts()).isEqualTo(1);
        assertThat(refused.delivery().lastError()).contains("sending drift of infra/prod", "ConnectException");
        assertThat(refused.delivery().nextAttemptAt()).isEqualTo(created.plusSeconds(10));

        WireMockServer receiver = receiver(WireMockConfiguration.options().port(port));
        receiver.stubFor(post(urlPathEqualTo(HOOK)).willReturn(aResponse().withStatus(500)));
        assertThat(outbox.deliverDue(true)).as("not due before its backoff").isZero();
        clock.advance(Duration.ofSeconds(10));
        assertThat(outbox.deliverDue(true)).isEqualTo(1);
        assertThat(only().delivery().lastError()).endsWith("HTTP 500");
        assertThat(only().delivery().nextAttemptAt()).isEqualTo(clock.instant().plusSeconds(20));

        receiver.stubFor(post(urlPathEqualTo(HOOK)).willReturn(ok()));
        clock.advance(Duration.ofSeconds(20));
        assertThat(outbox.deliverDue(true)).isEqualTo(1);
        clock.advance(Duration.ofHours(1));
        assertThat(outbox.deliverDue(true)).as("delivered is done").isZero();

        Notification delivered = only();
        assertThat(delivered.state()).isEqualTo(Notification.State.DELIVERED);
        assertThat(delivered.delivery().attempts()).isEqualTo(3);
        List<LoggedRequest> sent = received(receiver);
        assertThat(sent).hasSize(2);
        assertThat(sent).extracting(r -> r.getHeader("X-Plumbline-Event-Id"))
                .containsExactly(delivered.event().eventId(), delivered.event().eventId());
        assertThat(sent).extracting(r -> new ObjectMapper().readTree(r.getBody()).get("event_id").asText())
                .containsOnly(delivered.event().eventId());
        assertThat(sent.get(0).getHeader("X-Plumbline-Delivery")).as("each attempt is a delivery of its own")
                .isNotEqualTo(sent.get(1).getHeader("X-Plumbline-Delivery"));
        assertThat(delivered.event().payload()).contains("aws_s3_bucket.logs").doesNotContain(CANARY);
    }

    @Test
    void an_event_decided_by_a_process_killed_before_it_sent_is_sent_after_the_restart() throws Exception {
        WireMockServer receiver = receiver(WireMockConfiguration.options().dynamicPort());
        receiver.stubFor(post(urlPathEqualTo(HOOK)).willReturn(ok()));
        db.close();
        String eventId = decideInProcessThatDies(receiver.baseUrl() + HOOK);
        assertThat(received(receiver)).isEmpty();

        db = NotifyFixture.open(dir);
        assertThat(only().state()).isEqualTo(Notification.State.PENDING);
        assertThat(only().delivery().attempts()).isZero();
        DriftNotifier restarted = new DriftNotifier(new DriftState(db), List.of(webhook(receiver.baseUrl())), null);
        toClose.add(0, restarted);
        restarted.deliverEveryEvent();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(only().state()).isEqualTo(Notification.State.DELIVERED));
        assertThat(received(receiver)).singleElement()
                .satisfies(r -> assertThat(r.getHeader("X-Plumbline-Event-Id")).isEqualTo(eventId));
    }

    private String decideInProcessThatDies(String url) throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), CrashAfterDeciding.class.getName(), dir.toString(), url)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).isEqualTo(3);
        return out.lines().reduce((first, last) -> last).orElseThrow().strip();
    }

    @Test
    void an_event_is_retried_until_its_max_age_then_given_up_with_its_last_error() {
        WireMockServer receiver = receiver(WireMockConfiguration.options().dynamicPort());
        receiver.stubFor(post(urlPathEqualTo(HOOK)).willReturn(aResponse().withStatus(503)));
        Outbox outbox = new Outbox(db, List.of(webhook(receiver.baseUrl())), POLICY, clock);
        decide(new DriftNotifier(new DriftState(db), outbox, null, clock), db, PROD);
        Instant created = clock.instant();

        outbox.deliverDue(true);
        clock.set(created.plus(Duration.ofHours(23).plusMinutes(59).plusSeconds(50)));
        assertThat(outbox.deliverDue(true)).isEqualTo(1);
        assertThat(only().state()).as("younger than the max age").isEqualTo(Notification.State.PENDING);
        assertThat(only().delivery().nextAttemptAt()).as("the last attempt is at the max age, not after")
                .isEqualTo(created.plus(Duration.ofHours(24)));

        clock.set(created.plus(Duration.ofHours(24)));
        try (LogCapture log = new LogCapture()) {
            assertThat(outbox.deliverDue(true)).isEqualTo(1);
            assertThat(log.all()).contains("HTTP 503; giving up after 3 attempt(s): not delivered within 24h");
        }
        clock.advance(Duration.ofHours(1));
        assertThat(outbox.deliverDue(true)).isZero();

        Notification givenUp = only();
        assertThat(givenUp.state()).isEqualTo(Notification.State.GIVEN_UP);
        assertThat(givenUp.delivery().givenUpAt()).isEqualTo(created.plus(Duration.ofHours(24)));
        assertThat(givenUp.delivery().lastError()).endsWith("HTTP 503");
        assertThat(received(receiver)).hasSize(3);
    }

    @Test
    void an_old_event_of_a_channel_no_longer_configured_is_given_up_by_the_sweep() {
        Outbox outbox = new Outbox(db, List.of(webhook("https://hooks.example.com")), POLICY, clock);
        long runId = run(db, PROD);
        long orphan = db.notificationOutbox().add("webhook https://removed.example.com/x", new Notification.Event(
                "e-1", PROD, runId, "new", NotifyFixture.event("new", List.of("a.b")).json(), clock.instant()));

        assertThat(outbox.deliverDue(true)).isZero();
        clock.advance(Duration.ofHours(25));
        outbox.deliverDue(true);

        Notification n = db.notificationOutbox().find(orphan).orElseThrow();
        assertThat(n.state()).isEqualTo(Notification.State.GIVEN_UP);
        assertThat(n.delivery().lastError()).isEqualTo("not delivered within 24h (notifications.max_age)");
    }

    @Test
    void a_refused_slack_post_is_recorded_without_the_slack_url() {
        String secretPath = "/services/T0000/B0000/XXXXsecretXXXX";
        WireMockServer slack = receiver(WireMockConfiguration.options().dynamicPort());
        slack.stubFor(post(urlPathEqualTo(secretPath)).willReturn(aResponse().withStatus(403).withBody("no_service")));
        Outbox outbox = new Outbox(db, List.of(new SlackChannel(URI.create(slack.baseUrl() + secretPath))), POLICY,
                clock);
        decide(new DriftNotifier(new DriftState(db), outbox, null, clock), db, PROD);

        outbox.deliverDue(true);

        assertThat(only().channel()).isEqualTo("slack " + slack.baseUrl()).doesNotContain("XXXXsecretXXXX");
        assertThat(only().delivery().lastError()).endsWith("HTTP 403 no_service").doesNotContain("XXXXsecretXXXX");
    }

    @Test
    void a_command_sends_only_the_events_it_wrote_and_flushes_them_when_it_closes() {
        WireMockServer receiver = receiver(WireMockConfiguration.options().dynamicPort());
        receiver.stubFor(post(urlPathEqualTo(HOOK)).willReturn(ok()));
        WorkspaceId staging = new WorkspaceId("infra", "staging");
        Outbox elsewhere = new Outbox(db, List.of(webhook(receiver.baseUrl())), POLICY, clock);
        decide(new DriftNotifier(new DriftState(db), elsewhere, null, clock), db, staging);

        DriftNotifier command = new DriftNotifier(new DriftState(db), List.of(webhook(receiver.baseUrl())), null);
        command.onDriftCheck(PROD, run(db, PROD), Classification.DRIFTED,
                List.of(changed("aws_s3_bucket.logs", "tags.owner")));
        command.close();

        assertThat(received(receiver)).singleElement().satisfies(r ->
                assertThat(r.getBodyAsString()).contains("infra/prod"));
        assertThat(db.notificationOutbox().list(Optional.of(Notification.State.PENDING), 10)).singleElement()
                .satisfies(n -> {
                    assertThat(n.event().workspace()).isEqualTo(staging);
                    assertThat(n.delivery().attempts()).as("left for a daemon").isZero();
                });
    }

    @Test
    void two_daemons_on_one_store_deliver_each_event_once() throws Exception {
        WireMockServer receiver = receiver(WireMockConfiguration.options().dynamicPort());
        receiver.stubFor(post(urlPathEqualTo(HOOK)).willReturn(ok()));
        Outbox writer = new Outbox(db, List.of(webhook(receiver.baseUrl())), POLICY, clock);
        DriftNotifier deciding = new DriftNotifier(new DriftState(db), writer, null, clock);
        int events = 12;
        for (int i = 0; i < events; i++) {
            decide(deciding, db, new WorkspaceId("infra", "ws" + i));
        }
        Database other = NotifyFixture.open(dir);
        toClose.add(other);
        List<DriftNotifier> daemons = List.of(
                new DriftNotifier(new DriftState(db), List.of(webhook(receiver.baseUrl())), null),
                new DriftNotifier(new DriftState(other), List.of(webhook(receiver.baseUrl())), null));
        daemons.forEach(d -> toClose.add(0, d));
        daemons.forEach(DriftNotifier::deliverEveryEvent);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(db.notificationOutbox().list(Optional.of(Notification.State.DELIVERED), 100))
                        .hasSize(events));
        daemons.forEach(DriftNotifier::close);

        assertThat(received(receiver)).extracting(r -> r.getHeader("X-Plumbline-Event-Id"))
                .hasSize(events).doesNotHaveDuplicates();
    }
}
