package dev.plumbline.cli;

import static dev.plumbline.config.TestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plumbline.rego.RealPlans;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code plumbline policy check} with the real OPA on a plan of the real tofu, as a CI job runs it. */
class PolicyCheckCommandTest {
    private static final Duration LIMIT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    private Path plan;

    @BeforeEach
    void plan() throws Exception {
        plan = Files.write(tmp.resolve("plan.json"), RealPlans.deletion());
    }

    @Test
    void a_denying_directory_exits_3_and_prints_each_message_masked() throws Exception {
        Path dir = write(tmp, "pol/p.rego", """
                package main

                deny[msg] {
                  rc := input.resource_changes[_]
                  rc.change.actions[_] == "delete"
                  msg := sprintf("%s is deleted, it held %s", [rc.address, rc.change.before.input])
                }
                """).getParent();
        CommandRun r = CommandRun.of("policy check", LIMIT, "policy", "check", plan.toString(), "--dir",
                dir.toString());
        assertThat(r.exit()).isEqualTo(PolicyCommand.DENIED);
        assertThat(r.out()).startsWith("policy set pol (mandatory): denied in ")
                .contains("  deny main.deny: terraform_data.secret is deleted, it held ***")
                .doesNotContain(RealPlans.SECRET);

        CommandRun json = CommandRun.of("policy check --json", LIMIT, "policy", "check", plan.toString(), "--dir",
                dir.toString(), "--json");
        JsonNode v = new ObjectMapper().readTree(json.out());
        assertThat(v.path("outcome").asText()).isEqualTo("denied");
        assertThat(v.at("/messages/0/rule").asText()).isEqualTo("main.deny");
    }

    @Test
    void warnings_pass_and_a_broken_policy_is_an_error() throws Exception {
        Path warn = write(tmp, "warn/w.rego", "package main\n\nwarn contains \"look twice\" if true\n").getParent();
        assertThat(CommandRun.of("warn", LIMIT, "policy", "check", plan.toString(), "--dir", warn.toString()).exit())
                .isZero();
        Path broken = write(tmp, "broken/b.rego", "package main\n\ndeny contains \"x\" if {\n").getParent();
        CommandRun r = CommandRun.of("broken", LIMIT, "policy", "check", plan.toString(), "--dir", broken.toString());
        assertThat(r.exit()).isEqualTo(Main.ERROR);
        assertThat(r.out()).contains("errored", "b.rego:", "rego_parse_error");
    }

    @Test
    void a_set_of_the_daemon_config_is_checked_as_the_daemon_would() throws Exception {
        Path config = write(tmp, "config.yaml", """
                data_dir: %s
                policies:
                  sets:
                    - name: protected
                      builtin: protected
                      params: {types: [terraform_data]}
                """.formatted(tmp.resolve("data")));
        CommandRun r = CommandRun.of("--set", LIMIT, "policy", "check", plan.toString(), "--set", "protected", "-c",
                config.toString());
        assertThat(r.exit()).isEqualTo(PolicyCommand.DENIED);
        assertThat(r.out()).contains("terraform_data.secret is protected and would be deleted");

        CommandRun unknown = CommandRun.of("unknown set", LIMIT, "policy", "check", plan.toString(), "--set",
                "nope", "-c", config.toString());
        assertThat(unknown.exit()).isEqualTo(Main.ERROR);
        assertThat(unknown.err()).isEqualTo("plumbline: checking policy set nope: the daemon config has no set of "
                + "that name; it has [protected]\n");
    }

    @Test
    void bad_input_is_named() throws Exception {
        Path notAPlan = Files.writeString(tmp.resolve("notes.json"), "{\"hello\": 1}");
        Path dir = Files.createDirectories(tmp.resolve("empty"));
        CommandRun r = CommandRun.of("not a plan", LIMIT, "policy", "check", notAPlan.toString(), "--dir",
                dir.toString());
        assertThat(r.exit()).isEqualTo(Main.ERROR);
        assertThat(r.err()).startsWith("plumbline: " + notAPlan + ": ");
        CommandRun missing = CommandRun.of("no dir", LIMIT, "policy", "check", plan.toString(), "--dir",
                tmp.resolve("nowhere").toString());
        assertThat(missing.err()).isEqualTo("plumbline: checking the policies in " + tmp.resolve("nowhere")
                + ": no such directory\n");
        CommandRun noConfig = CommandRun.of("no config", LIMIT, "policy", "check", plan.toString(), "--set", "p");
        assertThat(noConfig.err()).contains("--set needs the daemon config (-c FILE) that defines it");
        CommandRun both = CommandRun.of("both", LIMIT, "policy", "check", plan.toString(), "--set", "p", "--dir",
                dir.toString());
        assertThat(both.exit()).isEqualTo(Main.USAGE);
        CommandRun badName = CommandRun.of("bad name", LIMIT, "policy", "check", plan.toString(), "--set", "Bad;");
        assertThat(badName.exit()).isEqualTo(Main.USAGE);
        assertThat(badName.err()).contains("a policy set is named by lower-case letters");
    }
}
