package dev.plumbline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.plumbline.auth.Identity;
import dev.plumbline.auth.Role;
import dev.plumbline.auth.Tokens;
import dev.plumbline.store.Database;
import dev.plumbline.testing.InfraRepo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code plumbline token create, list, revoke}: the token printed once, only its sha256 stored, refused once revoked. */
class TokenCommandsTest {
    private static final Duration BOUND = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    private InfraRepo repo;
    private Path config;
    private Path data;

    @BeforeEach
    void prepare() throws Exception {
        repo = InfraRepo.withExamples(tmp.resolve("git"), "workspaces:\n  - name: hello\n    dir: workspaces/hello\n");
        data = tmp.resolve("data");
        config = tmp.resolve("plumbline.yaml");
        Files.writeString(config, repo.daemonConfig("infra", data));
    }

    @AfterEach
    void close() {
        repo.close();
    }

    @Test
    void a_token_is_printed_once_stored_as_a_digest_and_refused_once_revoked() throws Exception {
        CommandRun made = CommandRun.of("token create", BOUND, "token", "create", "-c", config.toString(), "--name",
                "ci-reader", "--role", "viewer");
        assertThat(made.exit()).as(made.err()).isZero();
        String token = made.out().strip();
        assertThat(token).matches("plb_[A-Za-z0-9_-]{43}");
        assertThat(made.err()).contains("token 'ci-reader' (viewer) created; it is shown only now");

        CommandRun listed = CommandRun.of("token list", BOUND, "token", "list", "-c", config.toString(), "--json");
        JsonNode tokens = JSON.readTree(listed.out()).path("tokens");
        assertThat(tokens).hasSize(1);
        assertThat(tokens.get(0).path("name").asText()).isEqualTo("ci-reader");
        assertThat(tokens.get(0).path("state").asText()).isEqualTo("live");
        assertThat(tokens.get(0).path("created_by").asText()).startsWith("os-user:");
        assertThat(listed.out()).doesNotContain(token);

        try (Database db = Database.open(data.resolve("plumbline"), data.resolve("plan.key"))) {
            assertThat(new Tokens(db).identify(token)).contains(new Identity("ci-reader", Role.VIEWER,
                    "token:ci-reader"));
        }
        assertThat(Files.readString(data.resolve("plumbline.mv.db"), StandardCharsets.ISO_8859_1))
                .as("the store holds the digest, never the token").doesNotContain(token)
                .doesNotContain(token.substring(4));

        CommandRun again = CommandRun.of("token create again", BOUND, "token", "create", "-c", config.toString(),
                "--name", "ci-reader", "--role", "admin");
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains("creating token 'ci-reader': a token of that name exists; revoke it first");

        CommandRun revoked = CommandRun.of("token revoke", BOUND, "token", "revoke", "-c", config.toString(),
                "ci-reader");
        assertThat(revoked.exit()).as(revoked.err()).isZero();
        try (Database db = Database.open(data.resolve("plumbline"), data.resolve("plan.key"))) {
            assertThat(new Tokens(db).identify(token)).isEmpty();
            assertThat(db.audit().page(null, Optional.empty(), 10)).extracting(e -> e.action())
                    .contains("token.created", "token.revoked");
        }
        CommandRun twice = CommandRun.of("token revoke twice", BOUND, "token", "revoke", "-c", config.toString(),
                "ci-reader");
        assertThat(twice.exit()).isEqualTo(1);
        assertThat(twice.err()).contains("revoking token 'ci-reader': there is no live token of that name");
    }

    @Test
    void a_bad_role_or_name_is_a_usage_error_naming_it() throws Exception {
        CommandRun role = CommandRun.of("bad role", BOUND, "token", "create", "-c", config.toString(), "--name", "x",
                "--role", "root");
        assertThat(role.exit()).isEqualTo(Main.USAGE);
        assertThat(role.err()).contains("invalid role 'root': expected viewer, operator or admin");
        CommandRun name = CommandRun.of("bad name", BOUND, "token", "create", "-c", config.toString(), "--name",
                "-rm -rf", "--role", "viewer");
        assertThat(name.exit()).isNotZero();
        assertThat(name.err()).contains("invalid token name '-rm -rf'").doesNotContain("Exception");
    }
}
