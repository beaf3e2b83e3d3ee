package dev.plumbline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plumbline.domain.Classification;
import dev.plumbline.domain.DriftAction;
import dev.plumbline.domain.DriftFinding;
import dev.plumbline.domain.ResourceCounts;
import dev.plumbline.domain.RunKind;
import dev.plumbline.domain.Tool;
import dev.plumbline.domain.Trigger;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.store.Database;
import dev.plumbline.store.NewRun;
import dev.plumbline.store.RunOutcome;
import dev.plumbline.testing.InfraRepo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code plumbline drift ack|status|history} on a real store holding drift checks of two workspaces, set up once for
 * the class: only the acknowledgement test adds to it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DriftCommandsTest {
    private static final Duration BOUND = Duration.ofSeconds(30);
    private static final WorkspaceId HELLO = new WorkspaceId("infra", "hello");
    private static final WorkspaceId TEAMS = new WorkspaceId("infra", "team-settings");
    private static final DriftFinding TAG = new DriftFinding("aws_s3_bucket.logs", DriftAction.UPDATE,
            "tags.LastScanned", "\"mon\"", "\"tue\"");

    @TempDir
    static Path tmp;
    private InfraRepo repo;
    private Path config;
    private Path data;

    @BeforeAll
    void prepare() throws Exception {
        repo = InfraRepo.withExamples(tmp.resolve("git"), "workspaces:\n  - name: hello\n    dir: workspaces/hello\n");
        data = tmp.resolve("data");
        config = tmp.resolve("plumbline.yaml");
        Files.writeString(config, repo.daemonConfig("infra", data));
        App.open(config).close();
        try (Database db = Database.open(data.resolve("plumbline"), data.resolve("plan.key"))) {
            check(db, HELLO, List.of(TAG, new DriftFinding("aws_s3_bucket.logs", DriftAction.UPDATE, "versioning",
                    "true", "false")));
            check(db, HELLO, List.of(TAG));
            check(db, TEAMS, List.of(new DriftFinding("module.x.aws_s3_bucket.data[0]", DriftAction.UPDATE,
                    "tags.LastScanned", "\"a\"", "\"b\"")));
        }
    }

    @AfterAll
    void close() {
        repo.close();
    }

    @Test
    void status_lists_each_workspace_since_when_and_groups_one_attribute_drifted_in_several() throws Exception {
        CommandRun run = run("drift", "status", "-c", config.toString(), "--json");

        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode status = Common.JSON.readTree(run.out());
        assertThat(status.path("workspaces")).hasSize(2);
        assertThat(status.path("workspaces").get(0).path("workspace").path("name").asText()).isEqualTo("hello");
        assertThat(status.path("workspaces").get(0).path("items")).hasSize(1);
        assertThat(status.path("workspaces").get(0).path("items").get(0).path("span").path("checks").asInt())
                .isEqualTo(2);
        assertThat(status.path("causes")).singleElement().satisfies(c -> {
            assertThat(c.path("resource_type").asText()).isEqualTo("aws_s3_bucket");
            assertThat(c.path("attribute_path").asText()).isEqualTo("tags.LastScanned");
            assertThat(c.path("workspaces")).hasSize(2);
        });
        CommandRun text = run("drift", "status", "-c", config.toString());
        assertThat(text.out()).contains("infra/hello: drifted since", "aws_s3_bucket.logs tags.LastScanned since",
                "one cause? aws_s3_bucket tags.LastScanned drifted in 2 workspaces");
    }

    @Test
    void history_tells_how_each_span_ended() throws Exception {
        CommandRun run = run("drift", "history", "infra/hello", "-c", config.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("aws_s3_bucket.logs versioning: first seen", "went back by itself",
                "aws_s3_bucket.logs tags.LastScanned: first seen", "still drifted");
        JsonNode json = Common.JSON.readTree(run("drift", "history", "infra/hello", "--address", "aws_s3_bucket.logs",
                "-c", config.toString(), "--json").out());
        assertThat(json).hasSize(2);
        assertThat(json).filteredOn(s -> s.path("attribute_path").asText().equals("versioning")).singleElement()
                .satisfies(s -> assertThat(s.path("resolution").asText()).isEqualTo("went_back"));
    }

    @Test
    void ack_records_who_and_why_and_status_shows_it() throws Exception {
        CommandRun ack = run("drift", "ack", "infra/hello", "--for", "2d", "--reason", "scanner tag", "--by", "alice",
                "-c", config.toString());

        assertThat(ack.exit()).as(ack.err()).isZero();
        assertThat(ack.out()).contains("acknowledged 1 drifted attribute(s) of infra/hello until", "by alice");
        assertThat(run("drift", "status", "-c", config.toString()).out())
                .contains("acknowledged by alice until", ": scanner tag");
    }

    @Test
    void bad_input_is_refused_naming_what_was_wrong_and_nothing_is_recorded() throws Exception {
        assertThat(run("drift", "ack", "infra/hello", "-c", config.toString()).err()).contains("--reason");
        assertThat(run("drift", "ack", "infra/hello", "--reason", "  ", "-c", config.toString()).err())
                .contains("--reason: must say why the drift may stay");
        assertThat(run("drift", "ack", "infra/hello", "--reason", "x", "--for", "7 days", "-c", config.toString())
                .err()).contains("--for", "expected a span like 7d");
        assertThat(run("drift", "ack", "infra/hello", "--reason", "x", "--for", "400d", "-c", config.toString())
                .err()).contains("at most 365d");
        CommandRun nothing = run("drift", "ack", "infra/hello", "--address", "aws_iam_role.none", "--reason", "x",
                "-c", config.toString());
        assertThat(nothing.exit()).isNotZero();
        assertThat(nothing.err()).contains("acknowledging the drift of infra/hello at aws_iam_role.none: there is no "
                + "open drift");
        CommandRun unknown = run("drift", "history", "infra/nope", "-c", config.toString());
        assertThat(unknown.exit()).isNotZero();
        assertThat(unknown.err()).contains("reading the drift history of infra/nope: no such workspace");
        assertThat(run("drift", "history", "not a workspace", "-c", config.toString()).exit()).isNotZero();
        assertThat(run("drift", "-c", config.toString()).err()).contains("ack, status, history");
    }

    private static void check(Database db, WorkspaceId ws, List<DriftFinding> drift) {
        db.workspaces().ensure(ws, "workspaces/" + ws.name(), Tool.TOFU);
        long run = db.runs().start(NewRun.first(ws, RunKind.DRIFT_CHECK, Trigger.SCHEDULE, "0a1b2c", Tool.TOFU,
                "1.12.6"));
        db.runs().finish(run, RunOutcome.succeeded(2, Classification.DRIFTED, ResourceCounts.NONE));
        db.inTransaction(tx -> tx.driftHistory().observe(ws, run, drift, Duration.ofDays(1)));
    }

    private static CommandRun run(String... args) throws Exception {
        return CommandRun.of(String.join(" ", args), BOUND, args);
    }
}
