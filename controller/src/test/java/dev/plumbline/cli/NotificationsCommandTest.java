package dev.plumbline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plumbline.domain.RunKind;
import dev.plumbline.domain.Tool;
import dev.plumbline.domain.Trigger;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.store.Database;
import dev.plumbline.store.NewRun;
import dev.plumbline.store.Notification;
import dev.plumbline.testing.InfraRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code plumbline notifications} and the doctor's line, on a real store holding one event of each state. */
class NotificationsCommandTest {
    private static final Duration BOUND = Duration.ofSeconds(30);
    private static final WorkspaceId HELLO = new WorkspaceId("infra", "hello");
    private static final String HOOK = "webhook https://hooks.example.com/drift";

    @TempDir
    Path tmp;
    private InfraRepo repo;
    private Path config;
    private Path data;

    @BeforeEach
    void prepare() throws Exception {
        repo = InfraRepo.withExamples(tmp.resolve("git"), """
                workspaces:
                  - name: hello
                    dir: workspaces/hello
                """);
        data = tmp.resolve("data");
        config = tmp.resolve("plumbline.yaml");
        Files.writeString(config, repo.daemonConfig("infra", data));
    }

    @AfterEach
    void close() {
        repo.close();
    }

    private long[] oneOfEach() {
        App.open(config).close();
        try (Database db = Database.open(data.resolve("plumbline"), data.resolve("plan.key"))) {
            db.workspaces().ensure(HELLO, "workspaces/hello", Tool.TOFU);
            long run = db.runs().start(NewRun.first(HELLO, RunKind.DRIFT_CHECK, Trigger.SCHEDULE, "0a1b2c", Tool.TOFU,
                    "1.12.6"));
            Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
            long pending = add(db, run, "pending", at);
            long delivered = add(db, run, "delivered", at);
            long givenUp = add(db, run, "given-up", at);
            db.notificationOutbox().retryAt(pending, "sending drift of infra/hello to " + HOOK + ": HTTP 500",
                    at.plusSeconds(10));
            db.notificationOutbox().delivered(delivered, at.plusSeconds(1));
            db.notificationOutbox().gaveUp(givenUp, "HTTP 503\u001b[2J", at.plusSeconds(2));
            return new long[] {pending, delivered, givenUp};
        }
    }

    private static long add(Database db, long run, String eventId, Instant at) {
        return db.notificationOutbox().add(HOOK, new Notification.Event(eventId, HELLO, run, "new",
                "{\"event_id\":\"" + eventId + "\"}", at));
    }

    @Test
    void notifications_json_lists_each_event_with_its_state_channel_attempts_and_last_error() throws Exception {
        long[] ids = oneOfEach();

        CommandRun run = CommandRun.of("notifications --json", BOUND, "notifications", "-c", config.toString(),
                "--json");

        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode json = Common.JSON.readTree(run.out());
        assertThat(json.path("pending").asLong()).isEqualTo(1);
        assertThat(json.path("given_up").asLong()).isEqualTo(1);
        JsonNode rows = json.path("notifications");
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).path("id").asLong()).isEqualTo(ids[2]);
        assertThat(rows.get(0).path("state").asText()).isEqualTo("given-up");
        assertThat(rows.get(1).path("state").asText()).isEqualTo("delivered");
        JsonNode pending = rows.get(2);
        assertThat(pending.path("state").asText()).isEqualTo("pending");
        assertThat(pending.path("channel").asText()).isEqualTo(HOOK);
        assertThat(pending.path("event_id").asText()).isEqualTo("pending");
        assertThat(pending.path("workspace").asText()).isEqualTo("infra/hello");
        assertThat(pending.path("transition").asText()).isEqualTo("new");
        assertThat(pending.path("last_error").asText()).endsWith("HTTP 500");
        assertThat(pending.path("next_attempt_at").isTextual()).isTrue();

        CommandRun onlyGivenUp = CommandRun.of("notifications --state given-up", BOUND, "notifications", "-c",
                config.toString(), "--state", "given-up", "--json");
        assertThat(Common.JSON.readTree(onlyGivenUp.out()).path("notifications")).singleElement()
                .satisfies(n -> assertThat(n.path("id").asLong()).isEqualTo(ids[2]));
    }

    @Test
    void notifications_as_text_show_the_last_error_escaped() throws Exception {
        oneOfEach();

        CommandRun run = CommandRun.of("notifications", BOUND, "notifications", "-c", config.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("1 pending, 1 given up")
                .contains("given-up", "delivered", "pending", HOOK, "event pending, next attempt at",
                        "last error: HTTP 503\\u001b[2J")
                .doesNotContain("\u001b");
    }

    @Test
    void doctor_says_when_notifications_wait_or_were_given_up_and_is_silent_otherwise() throws Exception {
        App.open(config).close();
        CommandRun quiet = CommandRun.of("doctor", BOUND, "doctor", "-c", config.toString());
        assertThat(quiet.out()).doesNotContain("notify");

        oneOfEach();
        CommandRun doctor = CommandRun.of("doctor", BOUND, "doctor", "-c", config.toString(), "--json");

        JsonNode notify = null;
        for (JsonNode check : Common.JSON.readTree(doctor.out())) {
            if (check.path("name").asText().equals("notify")) {
                notify = check;
            }
        }
        assertThat(notify).isNotNull();
        assertThat(notify.path("ok").asBoolean()).isFalse();
        assertThat(notify.path("required").asBoolean()).as("a warning, not a failure").isFalse();
        assertThat(notify.path("detail").asText()).contains("1 drift notification(s) pending",
                "1 given up in the last 7 days");
        assertThat(notify.path("fix").asText()).contains("plumbline notifications");
    }
}
