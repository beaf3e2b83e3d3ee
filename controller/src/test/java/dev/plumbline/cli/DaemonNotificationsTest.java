package dev.plumbline.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.plumbline.domain.RunKind;
import dev.plumbline.domain.Tool;
import dev.plumbline.domain.Trigger;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.notify.DriftEvent;
import dev.plumbline.store.NewRun;
import dev.plumbline.store.Notification;
import dev.plumbline.testing.InfraRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A daemon delivers what a command left in the outbox: an event decided by a CLI process that died unsent. */
class DaemonNotificationsTest {
    private static final WorkspaceId HELLO = new WorkspaceId("infra", "hello");

    @TempDir
    Path tmp;

    @Test
    void a_starting_daemon_delivers_the_events_a_command_left_pending() throws Exception {
        WireMockServer receiver = new WireMockServer(WireMockConfiguration.options().dynamicPort()
                .bindAddress("127.0.0.1"));
        receiver.start();
        try (InfraRepo repo = InfraRepo.withExamples(tmp.resolve("git"), "workspaces:\n  - name: hello\n"
                + "    dir: workspaces/hello\nautodiscover: false\n")) {
            receiver.stubFor(post(urlPathEqualTo("/drift")).willReturn(ok()));
            Path config = tmp.resolve("plumbline.yaml");
            Files.writeString(config, repo.daemonConfig("infra", tmp.resolve("data")) + """
                    poll_interval: 1h
                    notifications:
                      max_age: 2h
                      channels:
                        - webhook: {url: 'http://127.0.0.1:%d/drift', secret_env: HOOK_SECRET}
                    """.formatted(receiver.port()));
            Map<String, String> env = Map.of("HOOK_SECRET", "s3cret");
            long pending;
            String eventId;
            try (App command = App.open(config, env)) {
                command.db.workspaces().ensure(HELLO, "workspaces/hello", Tool.TOFU);
                long run = command.db.runs().start(NewRun.first(HELLO, RunKind.DRIFT_CHECK, Trigger.MANUAL,
                        "0a1b2c", Tool.TOFU, "1.12.6"));
                DriftEvent event = new DriftEvent("new", HELLO, run, List.of("local_file.greeting"), null,
                        Instant.now().truncatedTo(ChronoUnit.MICROS));
                eventId = event.eventId();
                pending = command.db.notificationOutbox().add("webhook http://127.0.0.1:" + receiver.port()
                        + "/drift", new Notification.Event(eventId, HELLO, run, "new", event.json(), event.at()));
            }

            try (Daemon daemon = new Daemon(App.open(config, env))) {
                daemon.start();
                await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(
                        receiver.findAll(postRequestedFor(urlPathEqualTo("/drift")))).hasSize(1));
            }

            try (App after = App.open(config, env)) {
                assertThat(after.db.notificationOutbox().find(pending).map(Notification::state))
                        .isEqualTo(Optional.of(Notification.State.DELIVERED));
            }
            assertThat(receiver.findAll(postRequestedFor(urlPathEqualTo("/drift"))).get(0)
                    .getHeader("X-Plumbline-Event-Id")).isEqualTo(eventId);
        } finally {
            receiver.stop();
        }
    }
}
