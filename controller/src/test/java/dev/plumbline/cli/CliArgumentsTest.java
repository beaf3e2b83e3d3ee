package dev.plumbline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.domain.Classification;
import dev.plumbline.domain.ResourceCounts;
import dev.plumbline.domain.RunKind;
import dev.plumbline.domain.Tool;
import dev.plumbline.domain.Trigger;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.store.Database;
import dev.plumbline.store.NewRun;
import dev.plumbline.store.RunOutcome;
import dev.plumbline.testing.BadInput;
import dev.plumbline.testing.InfraRepo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code cli-arguments} corpus: bad command lines, one argument per line, run in process against a real daemon
 * config, a real bare Git repository and a real H2 store prepared once. Each must end with its exit code (1 an error,
 * 64 a usage error) and one clean line on stderr naming what is wrong, print nothing on stdout, store nothing (or
 * only what the case's {@code stored:} header allows) and end in time.
 *
 * <p>In arguments and in {@code expect:}, {@code {config}} is the daemon config, {@code {dir}} a directory,
 * {@code {missing}} a file that does not exist, {@code {binary}} a file that is not UTF-8, {@code {empty}} an empty
 * file, {@code {failed}} a failed plan run and {@code {planned}} a successful plan run with no stored plan.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliArgumentsTest {
    private static final Duration BOUND = Duration.ofSeconds(10);
    private static final List<String> TABLES = List.of("workspaces", "runs", "plans", "approvals", "audit_events",
            "drift_findings", "run_logs", "notification_outbox");

    @TempDir
    static Path tmp;

    private InfraRepo repo;
    private Database db;
    private final Map<String, String> places = new LinkedHashMap<>();

    @BeforeAll
    void prepare() throws Exception {
        repo = InfraRepo.withExamples(tmp.resolve("git"), """
                workspaces:
                  - name: hello
                    dir: workspaces/hello
                    apply: approval
                  - name: team-settings
                    dir: workspaces/team-settings
                """);
        Path config = tmp.resolve("plumbline.yaml");
        Files.writeString(config, repo.daemonConfig("infra", tmp.resolve("data")));
        Path binary = tmp.resolve("latin1.yaml");
        Files.write(binary, "data_dir: /tmp/caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        places.put("{config}", config.toString());
        places.put("{dir}", Files.createDirectories(tmp.resolve("a-directory")).toString());
        places.put("{missing}", tmp.resolve("no-such.yaml").toString());
        places.put("{binary}", binary.toString());
        places.put("{empty}", Files.createFile(tmp.resolve("empty.yaml")).toString());
        // the store as a daemon would leave it: migrated, with a workspace and two plan runs
        App.open(config).close();
        db = Database.open(tmp.resolve("data").resolve("plumbline"), tmp.resolve("data").resolve("plan.key"));
        WorkspaceId hello = new WorkspaceId("infra", "hello");
        db.workspaces().ensure(hello, "workspaces/hello", Tool.TOFU);
        long failed = db.runs().start(NewRun.first(hello, RunKind.PLAN, Trigger.MANUAL, "0a1b2c", Tool.TOFU, "1.12.6"));
        db.runs().finish(failed, RunOutcome.failed(1, "tofu plan failed"));
        long planned = db.runs().start(NewRun.first(hello, RunKind.PLAN, Trigger.MANUAL, "0a1b2c", Tool.TOFU, "1.12.6"));
        db.runs().finish(planned, RunOutcome.succeeded(2, Classification.CHANGES_PENDING,
                new ResourceCounts(1, 0, 0, 0)));
        places.put("{failed}", Long.toString(failed));
        places.put("{planned}", Long.toString(planned));
    }

    @AfterAll
    void close() {
        db.close();
        repo.close();
    }

    @TestFactory
    Stream<DynamicTest> every_bad_command_line_ends_with_its_code_and_one_clean_line() {
        List<BadInput.Case> cases = BadInput.load("cli-arguments");
        assertThat(cases).hasSizeGreaterThanOrEqualTo(80);
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> check(c)));
    }

    private void check(BadInput.Case c) throws Exception {
        String[] args = c.text().isEmpty() ? new String[0]
                : Arrays.stream(c.text().split("\n", -1)).map(this::place).toArray(String[]::new);
        List<String> expected = c.expected().stream().map(this::place).toList();
        int exit = Integer.parseInt(c.header("exit", "1"));
        List<String> mayChange = Arrays.stream(c.header("stored", "").split("\\|")).map(String::strip).toList();
        Map<String, Long> before = counts();

        CommandRun run = CommandRun.of(c.toString(), BOUND, args);

        assertThat(run.exit()).as("%s: exit code; stderr: %s", c, run.err()).isEqualTo(exit);
        BadInput.assertCleanError(c.toString(), run.err(), expected);
        assertThat(run.err()).as("%s: the message", c).startsWith("plumbline: ");
        assertThat(run.out()).as("%s: stdout", c).isEmpty();
        Map<String, Long> after = counts();
        for (String table : TABLES) {
            if (!mayChange.contains(table)) {
                assertThat(after.get(table)).as("%s: rows in %s", c, table).isEqualTo(before.get(table));
            }
        }
    }

    private String place(String text) {
        String s = text;
        for (Map.Entry<String, String> p : places.entrySet()) {
            s = s.replace(p.getKey(), p.getValue());
        }
        return s;
    }

    private Map<String, Long> counts() throws Exception {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection conn = db.dataSource().getConnection(); Statement s = conn.createStatement()) {
            for (String table : TABLES) {
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
        }
        return counts;
    }
}
