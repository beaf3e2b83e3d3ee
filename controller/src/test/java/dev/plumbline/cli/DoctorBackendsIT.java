package dev.plumbline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.testing.InfraRepo;
import dev.plumbline.testing.TestPostgres;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code doctor} on a config whose store is a PostgreSQL server, which several daemons may share: it warns of every
 * workspace that declares no backend, whose state only the daemon running it can see.
 */
class DoctorBackendsIT {
    @TempDir
    Path tmp;

    private InfraRepo repo;
    private String daemon;
    private String store;

    @BeforeEach
    void repoWithAndWithoutBackends() throws Exception {
        repo = InfraRepo.withExamples(tmp.resolve("git"), "autodiscover: true\n");
        repo.write("workspaces/shared/main.tf", """
                terraform {
                  backend "pg" {}
                }
                """).commit("A workspace whose state is on the server");
        TestPostgres.Db db = TestPostgres.get().newDatabase("doctor");
        Files.writeString(tmp.resolve("db-password"), db.password());
        Files.setPosixFilePermissions(tmp.resolve("db-password"),
                PosixFilePermissions.fromString("rw-------"));
        daemon = repo.daemonConfig("infra", tmp.resolve("data"));
        store = "store:\n  url: " + db.url() + "\n  user: " + db.user() + "\n  password_file: db-password\n";
    }

    @AfterEach
    void closeRepo() {
        repo.close();
    }

    @Test
    void doctor_warns_of_the_workspaces_without_a_backend_when_the_store_is_a_server() throws Exception {
        String out = doctor(daemon + store);

        assertThat(out).containsPattern("(?m)^warn backends +infra/workspaces-hello, infra/workspaces-team-settings"
                + " declare no backend: the state is kept in this daemon's data_dir \\(" + tmp.resolve("data").resolve("state") + "\\)")
                .contains("fix: declare a backend in each (tofu's pg backend on the store's PostgreSQL server is the"
                        + " simple choice), or keep to one daemon")
                .doesNotContain("infra/workspaces-shared");
    }

    @Test
    void doctor_says_nothing_of_backends_for_the_embedded_store() throws Exception {
        assertThat(doctor(daemon)).doesNotContain("backend");
    }

    @Test
    void a_repo_that_cannot_be_read_is_a_warning_naming_it() throws Exception {
        String out = doctor(daemon + "  - name: gone\n    url: " + tmp.resolve("no-such.git").toUri() + "\n" + store);

        assertThat(out).containsPattern("(?m)^warn backends +could not look for workspaces without a backend: repo "
                + "gone: ");
    }

    private String doctor(String config) throws Exception {
        Path file = tmp.resolve("plumbline.yaml");
        Files.writeString(file, config);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute("doctor", "-c", file.toString());
        assertThat(err.toString()).as("stderr").isEmpty();
        assertThat(exit).as(out.toString()).isIn(0, 1);
        return out.toString();
    }
}
