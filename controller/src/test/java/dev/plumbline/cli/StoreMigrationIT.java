package dev.plumbline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plumbline.store.Database;
import dev.plumbline.store.PullRequestPlan;
import dev.plumbline.testing.InfraRepo;
import dev.plumbline.testing.StoreHolder;
import dev.plumbline.testing.TestPostgres;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code plumbline store migrate-to}: a history made by the real CLI (real tofu, the real H2 file) and the store's
 * pull request records, copied into a database of the test PostgreSQL, then read and applied through a daemon config
 * whose {@code store:} points there, as it was read on H2.
 */
class StoreMigrationIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private InfraRepo repo;
    private TestPostgres.Db db;
    private String onH2;
    private String onPostgres;
    private final List<Result> results = new ArrayList<>();

    private record Result(int exit, String out, String err) {
        JsonNode json() throws IOException {
            return JSON.readTree(out);
        }
    }

    @BeforeEach
    void configsOfOneDataDirOnEachStore() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("managed"));
        repo = InfraRepo.withExamples(tmp.resolve("git"), """
                workspaces:
                  - name: hello
                    dir: workspaces/hello
                    apply: approval
                    variables: {output_dir: "%s"}
                """.formatted(out));
        db = TestPostgres.get().newDatabase("migrate");
        Path passwordFile = tmp.resolve("db-password");
        Files.writeString(passwordFile, db.password() + "\n");
        Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
        String daemon = repo.daemonConfig("infra", tmp.resolve("data"));
        onH2 = write("h2.yaml", daemon);
        onPostgres = write("postgres.yaml", daemon + """
                store:
                  url: %s
                  user: %s
                  password_file: db-password
                  pool_size: 4
                """.formatted(db.url(), db.user()));
    }

    @AfterEach
    void passwordShownNowhereAndRepoClosed() {
        results.forEach(r -> assertThat(r.out() + r.err()).doesNotContain(db.password()));
        if (repo != null) {
            repo.close();
        }
    }

    @Test
    void a_copied_history_reads_and_applies_on_postgresql_as_it_did_on_h2() throws Exception {
        long plan = ok(run("reconcile", "infra/hello", "-c", onH2, "--json")).json().at("/workspaces/0/run_id")
                .asLong();
        ok(run("approve", Long.toString(plan), "-c", onH2, "--by", "alice"));
        ok(run("apply", Long.toString(plan), "-c", onH2));
        Files.writeString(tmp.resolve("managed").resolve("hello.txt"), "changed by hand\n");
        Result drift = run("drift", "infra/hello", "-c", onH2, "--json");
        assertThat(drift.exit()).as(drift.err()).isEqualTo(2);
        long driftRun = drift.json().at("/workspaces/0/run_id").asLong();
        long repair = ok(run("plan", "infra/hello", "-c", onH2, "--json")).json().at("/workspaces/0/run_id").asLong();
        ok(run("approve", Long.toString(repair), "-c", onH2, "--by", "bob", "--comment", "put the greeting back"));
        pullRequestRecords(plan);
        List<String> before = views(onH2, plan, driftRun, repair);
        assertThat(JSON.readTree(before.get(2)).path("drift")).as("the drift run's findings").isNotEmpty();

        // a copy that fails on its way leaves nothing behind, and the same command then copies it all
        targetRefusing("ALTER TABLE pull_request_plans ADD CONSTRAINT no_notes CHECK (note IS NULL)");
        Result failed = run(migrateTo());
        assertThat(failed.exit()).isEqualTo(1);
        assertThat(failed.err()).startsWith("plumbline: copying the store to " + db.url() + ": table "
                + "pull_request_plans: ").contains("no_notes").contains("rolled back").doesNotContain("\tat ");
        assertThat(rows("SELECT COUNT(*) FROM runs")).containsExactly("0");
        targetRefusing("ALTER TABLE pull_request_plans DROP CONSTRAINT no_notes");

        Result copied = ok(run(migrateTo()));

        assertThat(copied.out()).contains("copied " + tmp.resolve("data").resolve("plumbline.mv.db") + " to "
                + db.url()).containsPattern("(?m)^runs +4 +4$").containsPattern("(?m)^plans +3 +3$")
                .containsPattern("(?m)^webhook_deliveries +1 +1$").containsPattern("(?m)^pull_request_plans +1 +1$")
                .contains("still encrypted with " + tmp.resolve("data").resolve("plan.key"))
                .contains("needs that same plan.key").contains("(qrtz_*) were not copied")
                .doesNotContain("qrtz_triggers").doesNotContain("flyway_schema_history");
        assertThat(views(onPostgres, plan, driftRun, repair)).as("runs and show, as on H2").isEqualTo(before);
        Result apply = ok(run("apply", Long.toString(repair), "-c", onPostgres, "--json"));
        assertThat(apply.json().path("apply_status").asText()).isEqualTo("succeeded");
        assertThat(apply.json().path("apply_run_id").asLong()).as("a new id, past the copied ones")
                .isEqualTo(repair + 1);
        assertThat(tmp.resolve("managed").resolve("hello.txt")).content().contains("managed by Plumbline");
        assertThat(rows("SELECT status FROM runs WHERE plan_run_id = " + repair)).containsExactly("succeeded");

        Result again = run(migrateTo());
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).startsWith("plumbline: copying the store to " + db.url() + ": the target already"
                + " holds 5 rows in table runs and rows in ").contains("copy only into a new, empty database");
    }

    @Test
    void a_daemon_holding_the_h2_file_is_refused_and_the_target_is_not_touched() throws Exception {
        ok(run("runs", "-c", onH2));

        Result refused;
        try (StoreHolder daemon = StoreHolder.holding(tmp.resolve("data"))) {
            refused = run(migrateTo());
        }

        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).isEqualTo("plumbline: copying the store to " + db.url() + ": opening database "
                + tmp.resolve("data").resolve("plumbline.mv.db") + " alone: another process has it open (a running"
                + " daemon, or a command): stop it, then try again\n");
        assertThat(rows("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'"))
                .as("the target's tables").containsExactly("0");
    }

    private String[] migrateTo() {
        return new String[] {"store", "migrate-to", "-c", onH2, "--url", db.url(), "--user", db.user(),
                "--password-file", tmp.resolve("db-password").toString()};
    }

    /** What a user reads of the history: the run list and three runs in full, as JSON. */
    private List<String> views(String config, long... runs) {
        List<String> views = new ArrayList<>();
        views.add(ok(run("runs", "-c", config, "--json")).out());
        for (long id : runs) {
            views.add(ok(run("show", Long.toString(id), "-c", config, "--json", "--logs")).out());
        }
        return views;
    }

    /** A review of a pull request and the deliveries that asked for it, as the daemon records them. */
    private void pullRequestRecords(long planRun) {
        try (Database h2 = Database.open(tmp.resolve("data").resolve("plumbline"),
                tmp.resolve("data").resolve("plan.key"))) {
            long delivery = h2.webhookDeliveries().record("github", "infra", "d-1", "pull_request",
                    "{\"action\":\"opened\",\"number\":7}").orElseThrow();
            h2.webhookDeliveries().claim(delivery);
            h2.webhookDeliveries().finish(delivery, true, "planned 1 workspace");
            String head = "6dcb09b5b57875f334f61aebed695e2e4193db5e";
            long review = h2.pullRequestPlans().start("infra", 7, "hello", head);
            h2.pullRequestPlans().finish(review, planRun, PullRequestPlan.Status.PLANNED, List.of(), null);
            h2.pullRequestPlans().setNote(review, "planned by the poll");
            h2.workspaceLocks().acquire("infra", "hello", 7, head);
            h2.pullRequestComments().recordComment("infra", 7, 4242L);
        }
    }

    /** The target migrated as the copy would migrate it, then changed by {@code sql}. */
    private void targetRefusing(String sql) throws Exception {
        Database.openUrl(db.url(), db.user(), db.password(), 2, tmp.resolve("data").resolve("plan.key")).close();
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
             Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private List<String> rows(String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private String write(String name, String content) throws IOException {
        Path file = tmp.resolve(name);
        Files.writeString(file, content);
        return file.toString();
    }

    private static Result ok(Result r) {
        assertThat(r.exit()).as(r.err()).isZero();
        return r;
    }

    private Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        Result r = new Result(exit, out.toString(), err.toString());
        results.add(r);
        return r;
    }
}
