package dev.plumbline.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.plumbline.aws.AssumedRole;
import dev.plumbline.config.EventsConfig;
import dev.plumbline.domain.Classification;
import dev.plumbline.domain.Run;
import dev.plumbline.domain.RunKind;
import dev.plumbline.domain.Trigger;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.events.EventBridgeMessageTest;
import dev.plumbline.events.EventIntake;
import dev.plumbline.events.SqsEvents;
import dev.plumbline.reconcile.Attempt;
import dev.plumbline.reconcile.Outcome;
import dev.plumbline.runner.Cancellation;
import dev.plumbline.store.Database;
import dev.plumbline.store.EventState;
import dev.plumbline.store.EventTiming;
import dev.plumbline.store.StoredEvent;
import dev.plumbline.testing.InfraRepo;
import dev.plumbline.testing.MotoServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Event-driven drift end to end: a daemon with the real tofu applies the hello workspace (a local_file, a
 * random_pet), reads change events from a real moto SQS queue that a real moto EventBridge rule feeds (moto
 * delivers {@code put_events} entries to the rule's SQS target), and notifies a webhook. The events are
 * CloudTrail-shaped entries put on the bus by the test: moto has no CloudTrail that would emit them, and the
 * toolchain has no AWS provider, so the managed resource is a local file named in the event's request parameters.
 * Attributing a scheduled check's drift through CloudTrail {@code LookupEvents} is not done: moto does not answer
 * that call, as {@link #moto_does_not_answer_cloudtrail_lookup_events} shows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventDriftIT {
    @RegisterExtension
    static final MotoServer moto = new MotoServer();

    private static final WorkspaceId HELLO = new WorkspaceId("infra", "hello");
    private static final String MARIA = "arn:aws:iam::123456789012:user/maria";
    private static final Duration PATIENCE = Duration.ofMinutes(2);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    private InfraRepo repo;
    private App app;
    private Daemon daemon;
    private WireMockServer receiver;
    private EventBridgeClient bus;
    private String queueUrl;
    private Path greeting;
    private Outcome applied;

    @BeforeAll
    void startDaemon() throws Exception {
        System.setProperty("aws.accessKeyId", MotoServer.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", MotoServer.SECRET_KEY);
        String id = UUID.randomUUID().toString().substring(0, 8);
        var aws = moto.clients();
        queueUrl = aws.sqs().createQueue(r -> r.queueName("plumbline-events-" + id)).queueUrl();
        String queueArn = aws.sqs().getQueueAttributes(r -> r.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
        bus = EventBridgeClient.builder().endpointOverride(moto.endpoint()).credentialsProvider(moto.credentials())
                .region(Region.of(moto.region())).build();
        bus.putRule(r -> r.name("plumbline-" + id).eventPattern(
                "{\"detail-type\": [\"AWS API Call via CloudTrail\"]}"));
        bus.putTargets(r -> r.rule("plumbline-" + id).targets(t -> t.id("plumbline").arn(queueArn)));

        receiver = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        receiver.start();
        receiver.stubFor(post(urlPathEqualTo("/drift")).willReturn(ok()));
        greeting = tmp.resolve("managed/hello.txt");
        repo = InfraRepo.withExamples(tmp.resolve("git"), """
                autodiscover: false
                workspaces:
                  - name: hello
                    dir: workspaces/hello
                    apply: auto
                    variables: {output_dir: "%s"}
                """.formatted(tmp.resolve("managed")));
        Path config = tmp.resolve("plumbline.yaml");
        Files.writeString(config, repo.daemonConfig("infra", tmp.resolve("data")) + """
                poll_interval: 1h
                aws: {region: %s, endpoint: '%s'}
                events:
                  debounce: 2s
                  aws_sqs: {queue_url: '%s', role_arn: 'arn:aws:iam::123456789012:role/plumbline-events'}
                notifications:
                  channels:
                    - webhook: {url: 'http://127.0.0.1:%d/drift', secret_env: HOOK_SECRET}
                """.formatted(moto.region(), moto.endpoint(), queueUrl, receiver.port()));
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("HOOK_SECRET", "hook-s3cret");
        try (App command = App.open(config, env)) {
            command.catalog.refresh("infra");
            applied = command.reconciler.reconcile(HELLO, Trigger.MANUAL, Attempt.FIRST, Cancellation.none());
        }
        assertThat(applied.applied()).as("%s", applied.plan().error()).isTrue();
        app = App.open(config, env);
        daemon = new Daemon(app);
        daemon.start();
    }

    @AfterAll
    void stop() {
        if (daemon != null) {
            daemon.close();
        }
        if (repo != null) {
            repo.close();
        }
        if (receiver != null) {
            receiver.stop();
        }
        if (bus != null) {
            bus.close();
        }
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    /** A CloudTrail management event as EventBridge carries it, put on the bus the rule reads. */
    private String putCall(String actor, String eventName, boolean readOnly, Instant at, String identifier) {
        return putCalls(1, actor, eventName, readOnly, at, identifier);
    }

    /** {@code n} such events (at most 10) in one put_events call; returns the id of the last. */
    private String putCalls(int n, String actor, String eventName, boolean readOnly, Instant at, String identifier) {
        List<String> details = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            details.add(detail(actor, eventName, readOnly, at, identifier));
        }
        var result = bus.putEvents(r -> r.entries(details.stream().map(d -> PutEventsRequestEntry.builder()
                .source("acme.audit").detailType("AWS API Call via CloudTrail").detail(d).resources(List.of())
                .build()).toList()));
        assertThat(result.failedEntryCount()).isZero();
        return result.entries().get(n - 1).eventId();
    }

    private static String detail(String actor, String eventName, boolean readOnly, Instant at, String identifier) {
        return """
                {"eventVersion": "1.09", "userIdentity": {"type": "IAMUser", "arn": "%s"},
                 "eventTime": "%s", "eventSource": "s3.amazonaws.com", "eventName": "%s",
                 "sourceIPAddress": "203.0.113.9", "userAgent": "[S3Console/0.4]", "readOnly": %s,
                 "requestParameters": {"key": "%s"}, "eventID": "%s", "managementEvent": true}
                """.formatted(actor, at, eventName, readOnly, identifier, UUID.randomUUID());
    }

    private List<Run> eventChecks() {
        return app.db.runs().list(Optional.of(HELLO), 200).stream()
                .filter(r -> r.trigger() == Trigger.EVENT && r.kind() == RunKind.DRIFT_CHECK).toList();
    }

    private StoredEvent stored(String externalId) {
        return await().atMost(PATIENCE).until(() -> app.db.events().recent(null, 500).stream()
                .filter(e -> externalId.equals(e.event().externalId())).findFirst(), Optional::isPresent).get();
    }

    @Test
    void the_index_says_which_workspace_and_address_manage_the_file() throws Exception {
        CommandRun r = CommandRun.of("owner", Duration.ofSeconds(60), "owner", greeting.toString(), "--json",
                "-c", tmp.resolve("plumbline.yaml").toString());

        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode owner = JSON.readTree(r.out()).path("owners").path(0);
        assertThat(owner.path("workspace").asText()).isEqualTo("infra/hello");
        assertThat(owner.path("address").asText()).isEqualTo("local_file.greeting");
        assertThat(owner.path("attribute").asText()).isEqualTo("filename");
    }

    @Test
    void a_hand_change_and_its_event_become_a_drift_finding_attributed_to_the_events_actor() throws Exception {
        Files.writeString(greeting, "changed by hand\n");
        String eventId = putCall(MARIA, "PutObject", false, Instant.now(), greeting.toString());

        await().atMost(PATIENCE).until(() -> eventChecks().stream().anyMatch(r -> r.classification()
                == Classification.DRIFTED));
        Run check = eventChecks().stream().filter(r -> r.classification() == Classification.DRIFTED).findFirst()
                .orElseThrow();
        assertThat(stored(eventId).state()).isEqualTo(EventState.MATCHED);
        // the provider reads a hand-changed file as gone: the plan's refreshed state lacks it, the index keeps it
        assertThat(app.db.resourceIndex().owners(List.of(greeting.toString())))
                .extracting(o -> o.workspace()).containsExactly(HELLO);

        CommandRun show = CommandRun.of("show", Duration.ofSeconds(60), "show", Long.toString(check.id()), "--json",
                "-c", tmp.resolve("plumbline.yaml").toString());
        JsonNode drift = JSON.readTree(show.out()).path("drift");
        JsonNode file = null;
        for (JsonNode f : drift) {
            if (f.path("address").asText().equals("local_file.greeting")) {
                file = f;
            }
        }
        assertThat(file).as(show.out()).isNotNull();
        assertThat(file.path("changed_by").path("actor").asText()).isEqualTo(MARIA);
        assertThat(file.path("changed_by").path("action").asText()).isEqualTo("s3:PutObject");
        assertThat(file.path("changed_by").path("source_ip").asText()).isEqualTo("203.0.113.9");
        CommandRun runs = CommandRun.of("runs", Duration.ofSeconds(60), "runs", "--json", "-c",
                tmp.resolve("plumbline.yaml").toString());
        assertThat(runs.out()).contains("\"trigger\" : \"event\"");

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(receiver.findAll(postRequestedFor(
                urlPathEqualTo("/drift")))).isNotEmpty());
        JsonNode sent = JSON.readTree(receiver.findAll(postRequestedFor(urlPathEqualTo("/drift"))).get(0)
                .getBodyAsString());
        assertThat(sent.path("changed_by").path(0).path("actor").asText()).isEqualTo(MARIA);
        await().atMost(PATIENCE).untilAsserted(() -> {
            EventTiming t = app.db.eventChecks().timings(500).stream().filter(x -> check.id() == orZero(x.runId()))
                    .findFirst().orElseThrow();
            assertThat(List.of(t.queuedAt(), t.receivedAt(), t.matchedAt(), t.checkQueuedAt(), t.checkStartedAt(),
                    t.driftStoredAt(), t.notifiedAt())).doesNotContainNull();
        });
    }

    private static long orZero(Long v) {
        return v == null ? 0 : v;
    }

    @Test
    void a_burst_of_twenty_events_for_one_workspace_runs_one_check() throws Exception {
        // calls made within 5 s of Plumbline's own apply are taken for the apply's: send the burst after that
        Run apply = app.db.runs().find(applied.apply().runId()).orElseThrow();
        Instant clear = apply.times().finishedAt().plusSeconds(6);
        while (Instant.now().isBefore(clear)) {
            Thread.sleep(100);
        }
        int before = eventChecks().size();
        // two put_events calls of 10 entries: the whole burst lands within the 2 s debounce
        putCalls(10, MARIA, "PutObjectTagging", false, Instant.now(), greeting.toString());
        stored(putCalls(10, MARIA, "PutObjectTagging", false, Instant.now(), greeting.toString()));
        await().atMost(PATIENCE).until(() -> eventChecks().size() > before
                && eventChecks().stream().allMatch(r -> r.times().finishedAt() != null));
        Thread.sleep(4000); // past another debounce: a second check would have been queued by now
        assertThat(eventChecks().size() - before).isEqualTo(1);
    }

    @Test
    void read_only_calls_plumblines_own_changes_and_unknown_identifiers_queue_no_check() throws Exception {
        int before = eventChecks().size();
        Run apply = app.db.runs().find(applied.apply().runId()).orElseThrow();
        Instant duringApply = apply.times().startedAt().plusMillis(10);
        String read = putCall(MARIA, "GetObject", true, Instant.now(), greeting.toString());
        String ownSession = putCall("arn:aws:sts::123456789012:assumed-role/deployer/"
                + AssumedRole.sessionName(HELLO), "PutObject", false, Instant.now(), greeting.toString());
        String ownWindow = putCall(MARIA, "PutObject", false, duringApply, greeting.toString());
        String unknown = putCall(MARIA, "PutObject", false, Instant.now(), "/nowhere/not-managed.txt");

        assertThat(stored(read).reason()).isEqualTo("a read-only call");
        assertThat(stored(ownSession).reason()).contains("Plumbline's session for infra/hello");
        assertThat(stored(ownWindow).reason()).contains("apply run " + apply.id());
        assertThat(stored(unknown).state()).isEqualTo(EventState.UNMATCHED);
        Thread.sleep(3000); // a check queued by any of them would be due by now
        assertThat(app.db.queuedWork().ofWorkspace(HELLO, 5)).allMatch(w -> w.state().isFinal());
        assertThat(eventChecks()).hasSize(before);
    }

    @Test
    void a_malformed_message_is_kept_aside_with_its_reason_and_the_queue_keeps_flowing() throws Exception {
        var sqs = moto.clients().sqs();
        String bad = sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody("{\"detail-type\": 42")).messageId();
        String good = putCall(MARIA, "PutObject", false, Instant.now(), "/nowhere/after-the-bad-one.txt");

        StoredEvent malformed = stored(bad);
        assertThat(malformed.state()).isEqualTo(EventState.MALFORMED);
        assertThat(malformed.reason()).contains("not valid JSON");
        assertThat(malformed.raw()).isEqualTo("{\"detail-type\": 42");
        assertThat(stored(good).state()).isEqualTo(EventState.UNMATCHED);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(sqs.getQueueAttributes(r -> r.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes())
                .containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0")
                .containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0"));
    }

    /** When this fails, moto has learnt LookupEvents, and the attribution of scheduled checks can be built and tested. */
    @Test
    void moto_does_not_answer_cloudtrail_lookup_events() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(moto.endpoint())
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("X-Amz-Target", "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=testing/20261201/" + moto.region()
                        + "/cloudtrail/aws4_request, SignedHeaders=host, Signature=0")
                .POST(HttpRequest.BodyPublishers.ofString("{\"MaxResults\": 5}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).as(r.body()).isNotEqualTo(200);
    }

    /** An intake of its own store, beside the daemon's: for the reader alone, on its own queue. */
    private static EventIntake aloneIntake(Database db) {
        return new EventIntake(db, new EventsConfig(null, null, Duration.ZERO, 60), () -> { }, Clock.systemUTC());
    }

    private static String messages(SqsClient sqs, String url) {
        Map<QueueAttributeName, String> a = sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES) + "+"
                + a.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE);
    }

    /** The SQS reader alone: a message is deleted only once stored, so a store that is down leaves it queued. */
    @Test
    void a_message_the_store_could_not_keep_stays_in_the_queue_and_is_stored_once_when_it_comes_back()
            throws Exception {
        try (var aws = moto.clients()) {
            SqsClient sqs = aws.sqs();
            String url = sqs.createQueue(r -> r.queueName("alone-" + UUID.randomUUID().toString().substring(0, 8))
                    .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "1"))).queueUrl();
            String body = EventBridgeMessageTest.TAGGING;
            sqs.sendMessage(r -> r.queueUrl(url).messageBody(body));
            sqs.sendMessage(r -> r.queueUrl(url).messageBody(body)); // EventBridge delivers at least once

            Database down = Database.open(tmp.resolve("alone/db"), tmp.resolve("alone/plan.key"));
            EventIntake lost = aloneIntake(down);
            down.close();
            assertThat(new SqsEvents(sqs, URI.create(url), lost, Duration.ofSeconds(1)).pollOnce())
                    .as("nothing stored, nothing deleted").isZero();

            try (Database db = Database.open(tmp.resolve("alone/db"), tmp.resolve("alone/plan.key"))) {
                SqsEvents events = new SqsEvents(sqs, URI.create(url), aloneIntake(db), Duration.ofSeconds(2));
                int deleted = 0;
                for (int i = 0; i < 10 && deleted < 2; i++) {
                    Thread.sleep(500); // past the visibility timeout of the failed poll
                    deleted += events.pollOnce();
                }

                assertThat(deleted).isEqualTo(2);
                assertThat(messages(sqs, url)).isEqualTo("0+0");
                assertThat(db.events().recent(null, 10)).singleElement().satisfies(e -> {
                    assertThat(e.event().externalId()).isEqualTo("6a7e8feb-b491-4cf7-a9f1-bf3703467718");
                    assertThat(e.state()).isEqualTo(EventState.UNMATCHED);
                    assertThat(e.event().queuedAt()).isNotNull();
                });
            }
        }
    }
}
