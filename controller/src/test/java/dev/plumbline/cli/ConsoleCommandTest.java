package dev.plumbline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.plumbline.store.Database;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ConsoleCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void a_link_is_printed_once_and_only_its_hash_is_stored() throws Exception {
        Path config = Files.writeString(dir.resolve("plumbline.yaml"), "data_dir: " + dir.resolve("data")
                + "\nrepos: []\nhttp: {port: 8799}\n");

        assertThat(run("console", "link", "-c", config.toString(), "--name", "alice", "--role", "operator"))
                .as("stderr: %s", err).isZero();

        Matcher m = Pattern.compile("http://127\\.0\\.0\\.1:8799/signin/link\\?token=([A-Za-z0-9_-]{43})")
                .matcher(out.toString());
        assertThat(m.find()).as(out.toString()).isTrue();
        assertThat(out.toString()).contains("signs alice in as operator, once, within 15 minutes");
        try (Database db = Database.open(dir.resolve("data/plumbline"), dir.resolve("data/plan.key"))) {
            assertThat(db.signInLinks().redeem(m.group(1))).as("the token itself is no key").isEmpty();
        }
    }

    @Test
    void a_bad_role_or_lifetime_is_a_usage_error_naming_it() {
        assertThat(run("console", "link", "-c", "x.yaml", "--role", "boss")).isEqualTo(Main.USAGE);
        assertThat(err.toString()).contains("--role").contains("expected viewer, operator or admin");
        assertThat(run("console", "link", "-c", "x.yaml", "--ttl", "25h")).isEqualTo(Main.USAGE);
        assertThat(err.toString()).contains("--ttl").contains("at most 24h");
        assertThat(run("console", "link", "-c", "x.yaml", "--ttl", "soon")).isEqualTo(Main.USAGE);
        assertThat(err.toString()).contains("expected minutes or hours such as 15m or 2h");
    }
}
