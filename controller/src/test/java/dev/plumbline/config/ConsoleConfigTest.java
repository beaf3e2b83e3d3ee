package dev.plumbline.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleConfigTest {
    @TempDir
    Path dir;

    @Test
    void without_a_console_section_there_is_no_provider_and_sessions_last_twelve_hours() throws Exception {
        ConsoleConfig c = load("data_dir: /d\n").console();

        assertThat(c.oidc()).isNull();
        assertThat(c.sessionMaxAge()).isEqualTo(Duration.ofHours(12));
    }

    @Test
    void a_provider_is_read_with_its_secret_by_reference_and_its_roles() throws Exception {
        ConsoleConfig c = load("""
                data_dir: /d
                console:
                  session_max_age: 2h
                  oidc:
                    issuer: https://id.example.com/realms/ops
                    client_id: plumbline
                    client_secret_file: secret.txt
                    roles: {operator: [ops, sre], viewer: [eng]}
                """).console();

        assertThat(c.sessionMaxAge()).isEqualTo(Duration.ofHours(2));
        assertThat(c.oidc().issuer()).isEqualTo(URI.create("https://id.example.com/realms/ops"));
        assertThat(c.oidc().clientSecretFile()).isEqualTo(dir.resolve("secret.txt"));
        assertThat(c.oidc().rolesClaim()).isEqualTo("groups");
        assertThat(c.oidc().roles()).isEqualTo(Map.of("operator", List.of("ops", "sre"), "viewer", List.of("eng")));
    }

    @Test
    void every_problem_of_the_section_is_named_by_its_field() throws Exception {
        assertThat(problems("""
                data_dir: /d
                console:
                  session_max_age: 1m
                  oidc:
                    issuer: http://id.example.com
                    client_secret: hunter2
                    client_secret_env: 1BAD
                    roles: {owner: [x], viewer: []}
                """)).containsExactlyInAnyOrder(
                "console.session_max_age: must be from 5m to 720h, got '1m'",
                "console.oidc.client_secret: a secret must not be written in the config: put it in an environment "
                        + "variable or a file and name that with client_secret_env or client_secret_file",
                "console.oidc.roles.owner: unknown field (expected one of: viewer, operator, admin)",
                "console.oidc.issuer: must be an https:// URL (http:// only on a loopback address), got "
                        + "'http://id.example.com'",
                "console.oidc.client_id: must be set: the client id registered with the provider",
                "console.oidc.client_secret_env: must be an environment variable name (letters, digits and '_', not "
                        + "starting with a digit), got '1BAD'",
                "console.oidc.roles.viewer: must list at least one value of the groups claim");
        assertThat(problems("""
                data_dir: /d
                console: {oidc: {issuer: "http://127.0.0.1:9/x", client_id: c, client_secret_env: A,
                  client_secret_file: f, rolez: {}}}
                """)).containsExactlyInAnyOrder(
                "console.oidc.rolez: unknown field (expected one of: roles, issuer, client_id, client_secret_env, "
                        + "client_secret_file, roles_claim)",
                "console.oidc: set only one of client_secret_env and client_secret_file",
                "console.oidc.roles: must map at least one of viewer, operator and admin to values of the groups "
                        + "claim: nobody could sign in");
    }

    private DaemonConfig load(String yaml) throws Exception {
        return DaemonConfig.load(Files.writeString(dir.resolve("config.yaml"), yaml));
    }

    private List<String> problems(String yaml) throws Exception {
        Path file = Files.writeString(dir.resolve("config.yaml"), yaml);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> DaemonConfig.load(file));
        assertThat(e).as("loading should fail").isNotNull();
        return e.problems();
    }
}
