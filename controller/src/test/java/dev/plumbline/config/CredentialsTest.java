package dev.plumbline.config;

import static dev.plumbline.config.TestFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsTest {
    private static final String SECRET = "ghp_s3cr3tVALUE";

    @TempDir
    Path dir;

    @Test
    void an_inline_token_is_refused_without_repeating_it() {
        ConfigException e = failure(repo("url: https://h/infra.git", "credentials: {token: " + SECRET + "}"));

        assertThat(e.problems()).containsExactly("repos[0].credentials.token: a secret must not be written in the "
                + "config: put it in an environment variable or a file and name that with token_env or token_file");
        assertThat(e.getMessage()).doesNotContain(SECRET);
    }

    @Test
    void an_inline_password_is_refused_too() {
        assertThat(failure(repo("url: https://h/infra.git", "credentials: {username: me, password: " + SECRET + "}"))
                .problems()).singleElement().asString().startsWith("repos[0].credentials.password: a secret must not");
    }

    @Test
    void a_secret_pasted_where_credentials_belong_is_not_repeated() {
        ConfigException e = failure(repo("url: https://h/infra.git", "credentials: " + SECRET));
        assertThat(e.problems())
                .containsExactly("repos[0].credentials: must be a mapping of fields, got a single value");
        assertThat(e.getMessage()).doesNotContain(SECRET);
    }

    @Test
    void credentials_embedded_in_the_url_are_refused_without_repeating_them() {
        for (String url : List.of("https://deploy:" + SECRET + "@git.example.com/infra.git",
                "https://" + SECRET + "@git.example.com/infra.git",
                "ssh://git:" + SECRET + "@git.example.com/infra.git",
                "git:" + SECRET + "@git.example.com:infra.git")) {
            ConfigException e = failure(repo("url: '" + url + "'"));

            assertThat(e.problems()).as(url).singleElement().asString().startsWith(
                    "repos[0].url: must not embed credentials; remove them from the URL and use credentials: "
                            + "{token_env: NAME} or {token_file: /path}");
            assertThat(e.getMessage()).doesNotContain(SECRET);
        }
    }

    @Test
    void plain_http_is_only_allowed_to_this_machine() {
        assertThat(failure(repo("url: http://git.example.com/infra.git")).problems()).containsExactly(
                "repos[0].url: http:// sends everything in clear text and is only allowed for this machine "
                        + "(localhost, 127.0.0.1, ::1); use https://");
        for (String url : List.of("http://localhost/x.git", "http://127.0.0.1:3000/x.git", "http://[::1]/x.git")) {
            assertThat(load(repo("url: '" + url + "'")).repos().get(0).url()).isEqualTo(url);
        }
    }

    @Test
    void urls_without_host_or_repository_are_refused() {
        assertThat(failure(repo("url: https:///x.git")).problems()).containsExactly("repos[0].url: names no host");
        assertThat(failure(repo("url: https://h")).problems()).containsExactly(
                "repos[0].url: names no repository path on h");
        assertThat(failure(repo("url: git.example.com/infra.git")).problems()).containsExactly(
                "repos[0].url: must start with https://, ssh://, file:// (or http:// for this machine) or be written "
                        + "git@host:path, got 'git.example.com/infra.git'");
        assertThat(failure(repo("url: file://server")).problems()).containsExactly(
                "repos[0].url: names no directory: write file:///absolute/path");
    }

    @Test
    void credentials_must_name_exactly_one_reference_that_fits_the_url() {
        assertThat(failure(repo("url: https://h/x.git", "credentials: {}")).problems()).containsExactly(
                "repos[0].credentials: must name one of token_env, token_file or ssh_key_file");
        assertThat(failure(repo("url: https://h/x.git", "credentials: {token_env: A, token_file: /t}")).problems())
                .containsExactly("repos[0].credentials: set only one of token_env, token_file and ssh_key_file");
        assertThat(failure(repo("url: git@h:x.git", "credentials: {token_env: A}")).problems()).containsExactly(
                "repos[0].credentials: a token is for https:// URLs; this URL is ssh");
        assertThat(failure(repo("url: https://h/x.git", "credentials: {ssh_key_file: /k}")).problems())
                .containsExactly("repos[0].credentials.ssh_key_file: is for ssh:// and git@host:path URLs; this URL "
                        + "is https");
        assertThat(failure(repo("url: git@h:x.git", "credentials: {ssh_key_file: /k, username: git}")).problems())
                .containsExactly("repos[0].credentials.username: is only used with token_env or token_file; an SSH "
                        + "user is part of the URL (git@host:path)");
        assertThat(failure(repo("url: https://h/x.git", "credentials: {token_env: A, known_hosts_file: /k}"))
                .problems()).containsExactly("repos[0].credentials.known_hosts_file: is only used with ssh_key_file");
        assertThat(failure(repo("url: https://h/x.git", "credentials: {token_env: 1-TOKEN}")).problems())
                .containsExactly("repos[0].credentials.token_env: must be an environment variable name (letters, "
                        + "digits and '_', not starting with a digit), got '1-TOKEN'");
    }

    @Test
    void a_token_is_read_from_the_environment_when_needed() {
        Credentials.Token t = token(repo("url: https://h/x.git", "credentials: {token_env: INFRA_TOKEN}"));

        assertThat(t.resolveToken(Map.of("INFRA_TOKEN", SECRET + "\n"))).isEqualTo(SECRET);
        assertThat(t.username()).isEqualTo("x-access-token");
    }

    @Test
    void an_unset_variable_names_repo_and_variable() {
        Credentials.Token t = token(repo("url: https://h/x.git", "credentials: {token_env: INFRA_TOKEN}"));

        assertThat(catchThrowableOfType(CredentialsException.class, () -> t.resolveToken(Map.of())))
                .hasMessage("resolving the token of repo 'infra': environment variable INFRA_TOKEN is not set");
        assertThat(catchThrowableOfType(CredentialsException.class, () -> t.resolveToken(Map.of("INFRA_TOKEN", " "))))
                .hasMessage("resolving the token of repo 'infra': environment variable INFRA_TOKEN is empty");
    }

    @Test
    void a_token_is_read_from_a_file_relative_to_the_config() {
        write(dir, "secrets/token", SECRET + "\n");
        Credentials.Token t = token(repo("url: https://h/x.git", "credentials: {token_file: secrets/token}"));

        assertThat(t.tokenFile()).isEqualTo(dir.resolve("secrets/token"));
        assertThat(t.resolveToken(Map.of())).isEqualTo(SECRET);
    }

    @Test
    void a_missing_or_empty_token_file_names_repo_and_file() {
        Credentials.Token t = token(repo("url: https://h/x.git", "credentials: {token_file: secrets/token}"));
        Path file = dir.resolve("secrets/token");

        assertThat(catchThrowableOfType(CredentialsException.class, () -> t.resolveToken(Map.of()))).hasMessage(
                "resolving the token of repo 'infra': token file " + file + " does not exist or is not a regular file");
        write(dir, "secrets/token", "\n");
        assertThat(catchThrowableOfType(CredentialsException.class, () -> t.resolveToken(Map.of()))).hasMessage(
                "resolving the token of repo 'infra': token file " + file + " is empty");
    }

    @Test
    void no_config_value_prints_a_resolved_secret() {
        write(dir, "token", SECRET);
        DaemonConfig c = load(repo("url: https://h/x.git", "credentials: {token_file: token}"));
        Credentials.Token t = (Credentials.Token) c.repos().get(0).credentials();

        assertThat(t.resolveToken(Map.of())).isEqualTo(SECRET);
        assertThat(c.toString()).contains("token").doesNotContain(SECRET);
        assertThat(c.repos().get(0).toString()).doesNotContain(SECRET);
        assertThat(t.toString()).doesNotContain(SECRET);
    }

    private Credentials.Token token(String content) {
        return (Credentials.Token) load(content).repos().get(0).credentials();
    }

    private static String repo(String... lines) {
        return DaemonConfigTest.repo(lines);
    }

    private DaemonConfig load(String content) {
        return DaemonConfig.load(write(dir, "config.yaml", content));
    }

    private ConfigException failure(String content) {
        Path file = write(dir, "config.yaml", content);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> DaemonConfig.load(file));
        assertThat(e).as("loading should fail").isNotNull();
        return e;
    }
}
