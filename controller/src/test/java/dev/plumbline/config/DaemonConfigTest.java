package dev.plumbline.config;

import static dev.plumbline.config.TestFiles.write;
import static dev.plumbline.config.TestFiles.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaemonConfigTest {
    @TempDir
    Path dir;

    @Test
    void minimal_config_loads_with_defaults() {
        DaemonConfig c = load(yaml(
                "data_dir: data",
                "repos:",
                "  - name: infra",
                "    url: https://git.example.com/ops/infra.git"));

        assertThat(c.file()).isEqualTo(dir.resolve("config.yaml"));
        assertThat(c.dataDir()).isEqualTo(dir.resolve("data"));
        assertThat(c.repos()).containsExactly(new RepoConfig("infra", "https://git.example.com/ops/infra.git",
                "main", Credentials.NONE, Duration.ofMinutes(1), null));
        assertThat(c.tools()).isEqualTo(ToolPaths.DEFAULTS);
        assertThat(c.maxConcurrentRuns()).isEqualTo(Math.max(1, Runtime.getRuntime().availableProcessors()));
        assertThat(c.pollInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.retry()).isEqualTo(new RetryPolicy(3, Duration.ofSeconds(30), Duration.ofMinutes(10)));
        assertThat(c.http()).isEqualTo(new HttpSettings("127.0.0.1", 8750));
        assertThat(c.aws()).isNull();
        assertThat(c.notifications()).isEqualTo(NotificationsConfig.NONE);
    }

    @Test
    void the_heartbeat_timeout_defaults_to_a_minute_and_may_be_set_within_its_bounds() {
        assertThat(load(yaml("data_dir: data")).heartbeatTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(load(yaml("data_dir: data", "heartbeat_timeout: 2m30s")).heartbeatTimeout())
                .isEqualTo(Duration.ofSeconds(150));
        assertThat(load(yaml("data_dir: data", "heartbeat_timeout: 15s")).heartbeatTimeout())
                .isEqualTo(Duration.ofSeconds(15));
        assertThat(load(yaml("data_dir: data", "heartbeat_timeout: 1h")).heartbeatTimeout())
                .isEqualTo(Duration.ofHours(1));
    }

    @Test
    void every_field_is_read_and_relative_paths_follow_the_config_file() {
        DaemonConfig c = load(yaml(
                "data_dir: /var/lib/plumbline",
                "max_concurrent_runs: 2",
                "poll_interval: 30s",
                "tools: {tofu: bin/tofu, terraform: /opt/terraform, cli_config: tofurc}",
                "retry: {max_attempts: 5, initial_backoff: 10s, max_backoff: 1h30m}",
                "http: {bind: 0.0.0.0, port: 9000}",
                "repos:",
                "  - name: infra",
                "    url: https://git.example.com/ops/infra.git",
                "    branch: production",
                "    poll_interval: 5m",
                "    credentials: {token_env: INFRA_TOKEN, username: deploy}",
                "  - name: platform.net",
                "    url: git@git.example.com:ops/platform.git",
                "    credentials: {ssh_key_file: keys/id_ed25519, known_hosts_file: /etc/plumbline/known_hosts}",
                "  - name: local",
                "    url: file:///srv/git/local.git",
                "  - name: mirror",
                "    url: http://127.0.0.1:3000/ops/infra.git",
                "    credentials: {token_file: secrets/mirror-token}",
                "  - name: ssh-url",
                "    url: ssh://git@git.example.com:2222/ops/infra.git"));

        assertThat(c.dataDir()).isEqualTo(Path.of("/var/lib/plumbline"));
        assertThat(c.maxConcurrentRuns()).isEqualTo(2);
        assertThat(c.pollInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.tools()).isEqualTo(new ToolPaths(dir.resolve("bin/tofu"), Path.of("/opt/terraform"),
                dir.resolve("tofurc")));
        assertThat(c.retry()).isEqualTo(new RetryPolicy(5, Duration.ofSeconds(10), Duration.ofMinutes(90)));
        assertThat(c.http()).isEqualTo(new HttpSettings("0.0.0.0", 9000));
        assertThat(c.repos()).extracting(RepoConfig::name)
                .containsExactly("infra", "platform.net", "local", "mirror", "ssh-url");
        RepoConfig infra = c.repo("infra").orElseThrow();
        assertThat(infra.branch()).isEqualTo("production");
        assertThat(infra.pollInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(infra.credentials()).isEqualTo(new Credentials.Token("infra", "deploy", "INFRA_TOKEN", null));
        assertThat(c.repo("platform.net").orElseThrow().credentials()).isEqualTo(new Credentials.SshKey(
                dir.resolve("keys/id_ed25519"), Path.of("/etc/plumbline/known_hosts")));
        assertThat(c.repo("platform.net").orElseThrow().pollInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.repo("mirror").orElseThrow().credentials()).isEqualTo(new Credentials.Token("mirror",
                Credentials.Token.DEFAULT_USERNAME, null, dir.resolve("secrets/mirror-token")));
        assertThat(c.repo("local").orElseThrow().credentials().kind()).isEqualTo(Credentials.Kind.NONE);
    }

    @Test
    void missing_data_dir_is_named() {
        assertThat(problems(yaml("repos: []"))).containsExactly(
                "data_dir: must be set: the directory for the database, plans and run directories");
    }

    @Test
    void every_bad_top_level_value_names_its_field() {
        assertThat(problems(yaml(
                "data_dir: [a, b]",
                "max_concurrent_runs: 0",
                "poll_interval: soon",
                "tools: {tofu: '', terraform: [x]}",
                "retry: {max_attempts: 0, initial_backoff: 0s, max_backoff: forever}",
                "http: {bind: 'http://x', port: 70000}"))).containsExactlyInAnyOrder(
                "data_dir: must be a single value, got a list",
                "max_concurrent_runs: must be at least 1, got 0",
                "poll_interval: must be a duration like 30s, 5m or 1h, got 'soon'",
                "tools.tofu: must not be empty",
                "tools.terraform: must be a single value, got a list",
                "retry.max_attempts: must be at least 1, got 0",
                "retry.initial_backoff: must be longer than zero, got '0s'",
                "retry.max_backoff: must be a duration like 30s, 5m or 1h, got 'forever'",
                "http.bind: must be an IP address or host name, got 'http://x'",
                "http.port: must be between 0 and 65535 (0 picks a free port), got 70000");
    }

    @Test
    void wrong_types_are_named_with_what_was_found() {
        assertThat(problems(yaml(
                "data_dir: /d",
                "max_concurrent_runs: many",
                "retry: 3",
                "tools: {cli_config: {path: x}}",
                "http: {port: 1.5}",
                "repos: {name: infra}"))).containsExactlyInAnyOrder(
                "max_concurrent_runs: must be a whole number, got 'many'",
                "retry: must be a mapping of fields, got a single value",
                "tools.cli_config: must be a single value, got a mapping",
                "http.port: must be a whole number, got 1.5",
                "repos: must be a list, got a mapping");
    }

    @Test
    void retries_wait_twice_as_long_each_time_up_to_the_limit() {
        RetryPolicy r = new RetryPolicy(5, Duration.ofSeconds(30), Duration.ofMinutes(1));

        assertThat(r.backoffBefore(2)).isEqualTo(Duration.ofSeconds(30));
        assertThat(r.backoffBefore(3)).isEqualTo(Duration.ofMinutes(1));
        assertThat(r.backoffBefore(9)).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void backoff_limit_below_the_first_backoff_is_refused() {
        assertThat(problems(yaml("data_dir: /d", "retry: {initial_backoff: 5m, max_backoff: 1m}"))).containsExactly(
                "retry.max_backoff: must not be shorter than retry.initial_backoff (5m), got '1m'");
    }

    @Test
    void every_bad_repo_value_names_the_entry_and_field() {
        assertThat(problems(yaml(
                "data_dir: /d",
                "repos:",
                "  - name: ok",
                "    url: https://h/x.git",
                "  - name: ''",
                "    url: ''",
                "    branch: ''",
                "    poll_interval: 5 minutes",
                "  - name: bad name",
                "    url: ftp://h/x.git",
                "    branch: 'a..b'",
                "  - url: https://h/y.git",
                "  - name: ok",
                "  - plain text"))).containsExactlyInAnyOrder(
                "repos[1].name: must use letters, digits, '.', '_' or '-', starting with a letter or digit "
                        + "(at most 100 characters), got ''",
                "repos[1].url: must not be empty",
                "repos[1].branch: must not be empty",
                "repos[1].poll_interval: must be a duration like 30s, 5m or 1h, got '5 minutes'",
                "repos[2].name: must use letters, digits, '.', '_' or '-', starting with a letter or digit "
                        + "(at most 100 characters), got 'bad name'",
                "repos[2].url: must start with https://, ssh://, file:// (or http:// for this machine) or be "
                        + "written git@host:path; the scheme 'ftp' is not supported",
                "repos[2].branch: is not a valid branch name, got 'a..b'",
                "repos[3].name: must be set",
                "repos[4].name: 'ok' is already the name of repos[0]",
                "repos[4].url: must be set",
                "repos[5]: must be a mapping of fields, got a single value");
    }

    @Test
    void all_problems_come_in_one_exception_with_one_line_each() {
        ConfigException e = failure(yaml(
                "poll_interval: 1x",
                "repos:",
                "  - name: infra",
                "    url: https://h/infra.git",
                "    branch: ''"));

        assertThat(e.file()).isEqualTo(dir.resolve("config.yaml").toString());
        assertThat(e.problems()).hasSize(3);
        assertThat(e.getMessage().split("\n")).containsExactly(
                e.file() + ": data_dir: must be set: the directory for the database, plans and run directories",
                e.file() + ": poll_interval: must be a duration like 30s, 5m or 1h, got '1x'",
                e.file() + ": repos[0].branch: must not be empty");
    }

    @Test
    void unknown_fields_are_named_with_the_known_ones() {
        assertThat(problems(yaml(
                "data_dir: /d",
                "pol_interval: 1m",
                "http: {bnd: 0.0.0.0}",
                "repos:",
                "  - name: infra",
                "    url: https://h/infra.git",
                "    brnach: main",
                "    credentials: {token_env: T, token_var: X}"))).containsExactlyInAnyOrder(
                "pol_interval: unknown field (expected one of: data_dir, repos, tools, max_concurrent_runs, "
                        + "poll_interval, retry, http, aws, notifications, store, heartbeat_timeout, drift, policies, events,"
                        + " logging, console)",
                "http.bnd: unknown field (expected one of: bind, port, behind_proxy, tls)",
                "repos[0].brnach: unknown field (expected one of: name, url, branch, credentials, poll_interval, vcs)",
                "repos[0].credentials.token_var: unknown field (expected one of: username, token_env, token_file, "
                        + "ssh_key_file, known_hosts_file)");
    }

    @Test
    void tls_names_a_keystore_beside_the_config_and_the_variable_holding_its_password() {
        DaemonConfig c = load(yaml("data_dir: /d",
                "http: {bind: 0.0.0.0, tls: {keystore_file: tls/server.p12, keystore_password_env: KS_PASS}}"));
        assertThat(c.http().tls()).isEqualTo(new TlsSettings(dir.resolve("tls/server.p12"), "KS_PASS"));
        assertThat(c.http().scheme()).isEqualTo("https");
        assertThat(load(yaml("data_dir: /d")).http().scheme()).isEqualTo("http");
    }

    @Test
    void a_bind_beyond_loopback_is_accepted_with_tls_of_the_daemons_own() {
        DaemonConfig tls = load(yaml("data_dir: /d",
                "http: {bind: 0.0.0.0, tls: {keystore_file: /k.p12, keystore_password_env: KS_PASS}}"));
        tls.http().requireSafeExposure("d.yaml");
        DaemonConfig open = load(yaml("data_dir: /d", "http: {bind: 0.0.0.0, port: 8443}"));
        assertThatThrownBy(() -> open.http().requireSafeExposure("d.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("d.yaml: http.bind: 0.0.0.0 is not a loopback address")
                .hasMessageContaining("set http.tls");
    }

    @Test
    void tls_refuses_a_missing_keystore_a_written_password_and_a_bad_variable_name() {
        assertThat(problems(yaml("data_dir: /d", "http: {tls: {keystore_password_env: KS_PASS}}")))
                .singleElement().asString().startsWith("http.tls.keystore_file: must be set");
        assertThat(problems(yaml("data_dir: /d", "http: {tls: {keystore_file: /k.p12}}")))
                .singleElement().asString().startsWith("http.tls.keystore_password_env: must be set");
        assertThat(problems(yaml("data_dir: /d", "http:", "  tls:")))
                .containsExactly("http.tls: must set keystore_file (a PKCS12 keystore holding the server's private"
                        + " key and certificate) and keystore_password_env (the variable holding its password)");
        assertThat(problems(yaml("data_dir: /d",
                "http: {tls: {keystore_file: /k.p12, keystore_password_env: KS_PASS, password: hunter2hunter2}}")))
                .singleElement().asString().startsWith("http.tls.password: a secret must not be written")
                .doesNotContain("hunter2hunter2");
        assertThat(problems(yaml("data_dir: /d",
                "http: {tls: {keystore_file: /k.p12, keystore_password: hunter2hunter2}}")))
                .contains("http.tls.keystore_password: a secret must not be written in the config: put it in an"
                        + " environment variable and name that with keystore_password_env");
        assertThat(problems(yaml("data_dir: /d",
                "http: {tls: {keystore_file: /k.p12, keystore_password_env: 1-PASS}}")))
                .singleElement().asString().startsWith("http.tls.keystore_password_env: must be an environment");
        assertThat(problems(yaml("data_dir: /d", "http: {tls: /k.p12}")))
                .singleElement().asString().startsWith("http.tls: must be a mapping");
        assertThat(problems(yaml("data_dir: /d",
                "http: {tls: {keystore_file: /k.p12, keystore_password_env: P, cert_file: /c.pem}}")))
                .containsExactly("http.tls.cert_file: unknown field (expected one of: keystore_file,"
                        + " keystore_password_env)");
    }

    @Test
    void a_bind_beyond_loopback_is_refused_unless_a_proxy_is_declared_in_front() {
        DaemonConfig local = load(yaml("data_dir: /d", "http: {bind: localhost}"));
        local.http().requireSafeExposure("d.yaml");
        DaemonConfig open = load(yaml("data_dir: /d", "http: {bind: 0.0.0.0}"));
        assertThatThrownBy(() -> open.http().requireSafeExposure("d.yaml"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("d.yaml: http.bind: 0.0.0.0 is not a loopback address")
                .hasMessageContaining("http.behind_proxy: true");
        DaemonConfig proxied = load(yaml("data_dir: /d", "http: {bind: 0.0.0.0, behind_proxy: true}"));
        proxied.http().requireSafeExposure("d.yaml");
        assertThat(problems(yaml("data_dir: /d", "http: {behind_proxy: yes please}")))
                .singleElement().asString().startsWith("http.behind_proxy:");
    }

    @Test
    void logs_are_text_unless_json_is_asked_for() {
        assertThat(load(yaml("data_dir: /d")).logFormat()).isEqualTo(LogFormat.TEXT);
        assertThat(load(yaml("data_dir: /d", "logging: {format: json}")).logFormat()).isEqualTo(LogFormat.JSON);
        assertThat(problems(yaml("data_dir: /d", "logging: {format: xml}")))
                .containsExactly("logging.format: must be text or json, got 'xml'");
        assertThat(problems(yaml("data_dir: /d", "logging: {colour: red}"))).singleElement().asString()
                .startsWith("logging.colour: unknown field (expected one of: format)");
    }

    @Test
    void yaml_syntax_error_names_file_and_line() {
        ConfigException e = failure(yaml(
                "data_dir: /d",
                "repos:",
                "  - name: infra",
                "   url: https://h/infra.git"));

        assertThat(e.getMessage()).startsWith(dir.resolve("config.yaml") + ": invalid YAML at line 4");
    }

    @Test
    void a_key_written_twice_is_a_syntax_error_with_its_line() {
        assertThat(failure(yaml("data_dir: /a", "http: {}", "data_dir: /b")).getMessage())
                .contains("invalid YAML at line 3").contains("Duplicate field 'data_dir'");
    }

    @Test
    void a_missing_file_is_named() {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> DaemonConfig.load(dir.resolve("absent.yaml")));
        assertThat(e.getMessage()).isEqualTo(dir.resolve("absent.yaml") + ": reading the file: it does not exist");
    }

    @Test
    void empty_file_asks_for_data_dir() {
        assertThat(problems("")).containsExactly(
                "data_dir: must be set: the directory for the database, plans and run directories");
    }

    @Test
    void a_config_that_is_not_a_mapping_is_refused() {
        assertThat(problems(yaml("- data_dir: /d"))).contains("must be a mapping of fields, got a list");
    }

    static String repo(String... lines) {
        StringBuilder sb = new StringBuilder("data_dir: /d\nrepos:\n  - name: infra\n");
        for (String l : lines) {
            sb.append("    ").append(l).append('\n');
        }
        return sb.toString();
    }

    DaemonConfig load(String content) {
        return DaemonConfig.load(write(dir, "config.yaml", content));
    }

    java.util.List<String> problems(String content) {
        return failure(content).problems();
    }

    ConfigException failure(String content) {
        Path file = write(dir, "config.yaml", content);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> DaemonConfig.load(file));
        assertThat(e).as("loading should fail").isNotNull();
        assertThat(e.getMessage().lines()).allMatch(l -> l.startsWith(file + ": "));
        return e;
    }
}
