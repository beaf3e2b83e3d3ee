package dev.plumbline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plumbline.testing.InfraRepo;
import dev.plumbline.testing.TestPostgres;
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
 * The command line with the daemon config's {@code store:} pointing at a PostgreSQL database: the runs, plans and
 * the scheduler's tables land there, the data directory holds no H2 file, and the password shows nowhere.
 */
class PostgresStoreIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private InfraRepo repo;
    private TestPostgres.Db db;
    private Path config;

    private record Result(int exit, String out, String err) { }

    @BeforeEach
    void configFollowingTheExampleRepo() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("managed"));
        repo = InfraRepo.withExamples(tmp.resolve("git"), """
                workspaces:
                  - name: hello
                    dir: workspaces/hello
                    apply: auto
                    drift: {on_drift: remediate}
                    variables: {output_dir: "%s"}
                """.formatted(out));
        db = TestPostgres.get().newDatabase("cli");
        Path passwordFile = tmp.resolve("db-password");
        Files.writeString(passwordFile, db.password() + "\n");
        Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
        config = tmp.resolve("plumbline.yaml");
        Files.writeString(config, repo.daemonConfig("infra", tmp.resolve("data")) + """
                store:
                  url: %s
                  user: %s
                  password_file: db-password
                  pool_size: 4
                """.formatted(db.url(), db.user()));
    }

    @AfterEach
    void closeRepo() {
        if (repo != null) {
            repo.close();
        }
    }

    @Test
    void runs_of_a_config_with_a_store_section_land_in_postgresql() throws Exception {
        Result reconcile = run("reconcile", "infra/hello", "--config", config.toString(), "--json");
        assertThat(reconcile.exit()).as(reconcile.err()).isZero();
        Files.writeString(tmp.resolve("managed").resolve("hello.txt"), "changed by hand\n");

        Result drift = run("drift", "infra/hello", "--config", config.toString(), "--json");

        assertThat(drift.exit()).as(drift.err()).isEqualTo(2);
        JsonNode checked = JSON.readTree(drift.out()).at("/workspaces/0");
        assertThat(checked.path("classification").asText()).isEqualTo("drifted");
        assertThat(checked.path("apply_status").asText()).isEqualTo("succeeded");
        long driftRun = checked.path("run_id").asLong();
        assertThat(rows("SELECT r.id || ' ' || w.repo || '/' || w.name || ' ' || r.kind || ' ' || r.status"
                + " FROM runs r JOIN workspaces w ON w.id = r.workspace_id ORDER BY r.id")).hasSize(4)
                .contains(driftRun + " infra/hello drift_check succeeded");
        assertThat(rows("SELECT address FROM drift_findings WHERE run_id = " + driftRun))
                .contains("local_file.greeting");
        assertThat(rows("SELECT count(*) FROM plans WHERE run_id = " + driftRun)).containsExactly("1");
        assertThat(rows("SELECT count(*) FROM information_schema.tables WHERE table_name = 'qrtz_triggers'"))
                .as("the scheduler's tables").containsExactly("1");
        assertThat(tmp.resolve("data")).isDirectory();
        assertThat(tmp.resolve("data").resolve("plumbline.mv.db")).as("no H2 file").doesNotExist();

        Result runs = run("runs", "--config", config.toString(), "--json");
        assertThat(runs.exit()).as(runs.err()).isZero();
        assertThat(JSON.readTree(runs.out()).path("runs")).hasSize(4);
    }

    @Test
    void doctor_reaches_the_server_and_never_shows_the_password() {
        Result doctor = run("doctor", "--config", config.toString());

        assertThat(doctor.out()).containsPattern("ok +database +PostgreSQL [0-9.]+.* at "
                + db.url().replace(".", "\\.") + " as " + db.user());
        assertThat(doctor.out() + doctor.err()).doesNotContain(db.password());
    }

    @Test
    void a_wrong_password_is_a_clean_error_that_does_not_show_it() throws Exception {
        String wrong = "wrong-" + db.password();
        Files.writeString(tmp.resolve("db-password"), wrong + "\n");

        Result runs = run("runs", "--config", config.toString());
        Result doctor = run("doctor", "--config", config.toString());

        assertThat(runs.exit()).as(runs.err()).isEqualTo(1);
        assertThat(runs.err()).startsWith("plumbline: opening database " + db.url() + " as " + db.user() + ": ")
                .contains("password authentication failed").doesNotContain("\tat ").doesNotContain(wrong);
        assertThat(doctor.exit()).isEqualTo(1);
        assertThat(doctor.out()).contains("FAIL database").contains("password authentication failed")
                .doesNotContain(wrong);
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Result(exit, out.toString(), err.toString());
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
}
