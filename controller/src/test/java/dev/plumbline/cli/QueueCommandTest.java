package dev.plumbline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plumbline.domain.Trigger;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.store.Database;
import dev.plumbline.store.Work;
import dev.plumbline.store.WorkState;
import dev.plumbline.testing.InfraRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code plumbline queue} and {@code plumbline cancel --queued}, on a real store with running and waiting work. */
class QueueCommandTest {
    private static final Duration BOUND = Duration.ofSeconds(30);
    private static final WorkspaceId HELLO = new WorkspaceId("infra", "hello");
    private static final WorkspaceId OTHER = new WorkspaceId("infra", "other");
    private static final String OWNER = "vm-2:4242:1700000000000";

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
        App.open(config).close();
    }

    @AfterEach
    void close() {
        repo.close();
    }

    /** One plan claimed by another daemon, then a drift check waiting: returns {running, waiting}. */
    private long[] runningAndWaiting() {
        try (Database db = Database.open(data.resolve("plumbline"), data.resolve("plan.key"))) {
            long running = db.queuedWork().enqueue(Work.plan(OTHER, Trigger.MANUAL)).workId();
            db.queuedWork().claim(OWNER, 1, Instant.now());
            long waiting = db.queuedWork().enqueue(Work.driftCheck(HELLO, Trigger.SCHEDULE)).workId();
            return new long[] {running, waiting};
        }
    }

    @Test
    void queue_lists_running_and_waiting_work_with_the_ids_cancel_takes() throws Exception {
        long[] ids = runningAndWaiting();

        CommandRun json = CommandRun.of("queue --json", BOUND, "queue", "-c", config.toString(), "--json");
        assertThat(json.exit()).as(json.err()).isZero();
        JsonNode queue = Common.JSON.readTree(json.out());
        assertThat(queue.path("running")).singleElement().satisfies(w -> {
            assertThat(w.path("work_id").asLong()).isEqualTo(ids[0]);
            assertThat(w.path("kind").asText()).isEqualTo("plan");
            assertThat(w.path("owner").asText()).isEqualTo(OWNER);
        });
        assertThat(queue.path("waiting")).singleElement().satisfies(w -> {
            assertThat(w.path("work_id").asLong()).isEqualTo(ids[1]);
            assertThat(w.path("workspace").asText()).isEqualTo("infra/hello");
            assertThat(w.path("trigger").asText()).isEqualTo("schedule");
        });

        CommandRun text = CommandRun.of("queue", BOUND, "queue", "-c", config.toString());
        assertThat(text.out()).contains("1 running", "1 waiting", "drift_check", OWNER);
    }

    @Test
    void cancel_queued_withdraws_waiting_work_and_names_what_it_refuses() throws Exception {
        long[] ids = runningAndWaiting();

        CommandRun cancel = CommandRun.of("cancel --queued", BOUND, "cancel", "-c", config.toString(), "--queued",
                Long.toString(ids[1]), "--by", "alice", "--json");
        assertThat(cancel.exit()).as(cancel.err()).isZero();
        JsonNode out = Common.JSON.readTree(cancel.out());
        assertThat(out.path("state").asText()).isEqualTo("cancelled");
        assertThat(out.path("cancelled_by").asText()).isEqualTo("alice");

        CommandRun again = CommandRun.of("cancel --queued again", BOUND, "cancel", "-c", config.toString(),
                "--queued", Long.toString(ids[1]));
        assertThat(again.exit()).isEqualTo(Main.ERROR);
        assertThat(again.err()).contains("cancelling queued work " + ids[1] + ": it was already cancelled");

        CommandRun running = CommandRun.of("cancel --queued of running work", BOUND, "cancel", "-c",
                config.toString(), "--queued", Long.toString(ids[0]));
        assertThat(running.exit()).isEqualTo(Main.ERROR);
        assertThat(running.err()).contains("cancelling queued work " + ids[0] + ": it is running", OWNER);

        CommandRun unknown = CommandRun.of("cancel --queued unknown", BOUND, "cancel", "-c", config.toString(),
                "--queued", "999999");
        assertThat(unknown.err()).contains("there is no queued work 999999");

        try (Database db = Database.open(data.resolve("plumbline"), data.resolve("plan.key"))) {
            assertThat(db.queuedWork().find(ids[0]).orElseThrow().state()).isEqualTo(WorkState.CLAIMED);
            assertThat(db.queuedWork().find(ids[1]).orElseThrow().state()).isEqualTo(WorkState.CANCELLED);
            assertThat(db.audit().recent(5)).anySatisfy(e -> {
                assertThat(e.action()).isEqualTo("work.cancelled");
                assertThat(e.actor()).isEqualTo("alice");
            });
        }
    }

    @Test
    void cancel_takes_a_run_or_queued_work_never_both_nor_neither() throws Exception {
        CommandRun both = CommandRun.of("cancel with both", BOUND, "cancel", "-c", config.toString(), "3",
                "--queued", "4");
        assertThat(both.exit()).isEqualTo(Main.USAGE);
        assertThat(both.err()).contains("give either a RUN-ID or --queued WORK-ID");

        CommandRun neither = CommandRun.of("cancel with neither", BOUND, "cancel", "-c", config.toString());
        assertThat(neither.exit()).isEqualTo(Main.USAGE);

        CommandRun bad = CommandRun.of("cancel --queued x", BOUND, "cancel", "-c", config.toString(), "--queued",
                "x");
        assertThat(bad.exit()).isEqualTo(Main.USAGE);
        assertThat(bad.err()).contains("a work id is a positive whole number");
    }
}
