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
import dev.plumbline.domain.Classification;
import dev.plumbline.domain.Run;
import dev.plumbline.domain.RunKind;
import dev.plumbline.domain.Trigger;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.reconcile.Attempt;
import dev.plumbline.reconcile.Outcome;
import dev.plumbline.runner.Cancellation;
import dev.plumbline.store.EventState;
import dev.plumbline.store.EventTiming;
import dev.plumbline.store.StoredEvent;
import dev.plumbline.testing.InfraRepo;
import dev.plumbline.testing.MotoServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Event-driven drift end to end: a daemon with the real tofu applies the hello workspace (a local_file, a
 * random_pet), reads change events from a real moto SQS queue that a real moto EventBridge rule feeds (moto
 * delivers {@code put_events} entries to the rule's SQS target), and notifies a webhook. The events are
 * CloudTrail-shaped entries put on the bus by the test: moto has no CloudTrail that would emit them, and the
 * toolchain has no AWS provider, so the managed resource is a local file named in the event's request parameters.
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
                  aws_sqs: {queue_url: '%s'}
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
        String detail = """
                {"eventVersion": "1.09", "userIdentity": {"type": "IAMUser", "arn": "%s"},
                 "eventTime": "%s", "eventSource": "s3.amazonaws.com", "eventName": "%s",
                 "sourceIPAddress": "203.0.113.9", "userAgent": "[S3Console/0.4]", "readOnly": %s,
                 "requestParameters": {"key": "%s"}, "eventID": "%s", "managementEvent": true}
                """.formatted(actor, at, eventName, readOnly, identifier, UUID.randomUUID());
        var result = bus.putEvents(r -> r.entries(e -> e.source("acme.audit").detailType("AWS API Call via CloudTrail")
                .detail(detail).resources(List.of())));
        assertThat(result.failedEntryCount()).isZero();
        return result.entries().get(0).eventId();
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
        int before = eventChecks().size();
        String last = null;
        for (int i = 0; i < 20; i++) {
            last = putCall(MARIA, "PutObjectTagging", false, Instant.now(), greeting.toString());
        }
        stored(last);
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
}
