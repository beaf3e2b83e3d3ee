package dev.plumbline.config;

import static dev.plumbline.config.TestFiles.write;
import static dev.plumbline.config.TestFiles.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A workspace's AWS role, backend settings and secret references in {@code .plumbline.yaml}. */
class WorkspaceAwsConfigTest {
    private static final String ROLE = "arn:aws:iam::123456789012:role/deployer";

    @TempDir
    Path root;

    @BeforeEach
    void checkout() {
        write(root, "workspaces/hello/main.tf", "resource \"terraform_data\" \"x\" {}\n");
    }

    @Test
    void without_the_sections_a_workspace_has_no_role_and_no_backend_settings() {
        WorkspaceConfig w = workspace();

        assertThat(w.aws()).isNull();
        assertThat(w.backendConfig()).isEmpty();
    }

    @Test
    void every_aws_and_backend_field_is_read() {
        WorkspaceConfig w = workspace(
                "aws: {role_arn: '" + ROLE + "', external_id: plumbline, region: eu-west-1, session_duration: 2h30m}",
                "backend_config: {bucket: state, key: infra/hello.tfstate, region: eu-west-1, encrypt: true, "
                        + "max_retries: 5}");

        assertThat(w.aws()).isEqualTo(new WorkspaceAwsConfig(ROLE, "plumbline", "eu-west-1",
                Duration.ofMinutes(150)));
        assertThat(w.backendConfig()).containsExactly(Map.entry("bucket", "state"),
                Map.entry("key", "infra/hello.tfstate"), Map.entry("region", "eu-west-1"),
                Map.entry("encrypt", "true"), Map.entry("max_retries", "5"));
    }

    @Test
    void a_role_alone_runs_in_the_daemons_region_for_an_hour() {
        assertThat(workspace("aws: {role_arn: 'arn:aws-us-gov:iam::123456789012:role/ops/deploy+plan@x'}").aws())
                .isEqualTo(new WorkspaceAwsConfig("arn:aws-us-gov:iam::123456789012:role/ops/deploy+plan@x", null,
                        null, Duration.ofHours(1)));
    }

    @Test
    void the_role_must_be_set_when_the_section_is_there() {
        assertThat(problems("aws: {region: eu-west-1}")).containsExactly(
                "workspaces[0].aws.role_arn: must be set: the ARN of the role the workspace runs as");
        assertThat(problems("aws: deployer")).containsExactly(
                "workspaces[0].aws: must be a mapping of fields, got a single value");
    }

    @Test
    void every_bad_aws_value_names_file_and_field() {
        ConfigException e = failure(
                "aws: {role_arn: 'arn:aws:iam::1234:user/deployer', external_id: 'x', region: EU, "
                        + "session_duration: 13h}");

        assertThat(e.file()).isEqualTo("infra/.plumbline.yaml");
        assertThat(e.problems()).containsExactlyInAnyOrder(
                "workspaces[0].aws.role_arn: must be a role ARN like arn:aws:iam::123456789012:role/name, got "
                        + "'arn:aws:iam::1234:user/deployer'",
                "workspaces[0].aws.external_id: must be 2 to 1224 letters, digits or '+=,.@:/-_', got 'x'",
                "workspaces[0].aws.region: must be an AWS region like eu-west-1, got 'EU'",
                "workspaces[0].aws.session_duration: must be between 15m and 12h, the bounds of an STS role "
                        + "session, got '13h'");
        assertThat(e.getMessage().lines()).allMatch(l -> l.startsWith("infra/.plumbline.yaml: workspaces[0].aws."));
    }

    @Test
    void the_session_lasts_between_15_minutes_and_12_hours() {
        assertThat(workspace("aws: {role_arn: '" + ROLE + "', session_duration: 15m}").aws().sessionDuration())
                .isEqualTo(Duration.ofMinutes(15));
        assertThat(workspace("aws: {role_arn: '" + ROLE + "', session_duration: 12h}").aws().sessionDuration())
                .isEqualTo(Duration.ofHours(12));
        assertThat(problems("aws: {role_arn: '" + ROLE + "', session_duration: 14m59s}")).containsExactly(
                "workspaces[0].aws.session_duration: must be between 15m and 12h, the bounds of an STS role session, "
                        + "got '14m59s'");
        assertThat(problems("aws: {role_arn: '" + ROLE + "', session_duration: a while}")).containsExactly(
                "workspaces[0].aws.session_duration: must be a duration like 30s, 5m or 1h, got 'a while'");
    }

    @Test
    void unknown_fields_under_aws_are_named_with_the_known_ones() {
        assertThat(problems("aws: {role_arn: '" + ROLE + "', profile: prod, duration: 1h}"))
                .containsExactlyInAnyOrder(
                        "workspaces[0].aws.profile: unknown field (expected one of: role_arn, external_id, region, "
                                + "session_duration)",
                        "workspaces[0].aws.duration: unknown field (expected one of: role_arn, external_id, region, "
                                + "session_duration)");
    }

    @Test
    void every_bad_backend_setting_names_its_key() {
        assertThat(problems(
                "backend_config:",
                "      bad-key: x",
                "      9key: y",
                "      key: \"infra/hello.tfstate\\nbucket=other\"",
                "      tags: [a, b]",
                "      nothing: null")).containsExactlyInAnyOrder(
                "workspaces[0].backend_config.bad-key: is not a valid backend setting name (letters, digits and '_', "
                        + "starting with a letter or '_')",
                "workspaces[0].backend_config.9key: is not a valid backend setting name (letters, digits and '_', "
                        + "starting with a letter or '_')",
                "workspaces[0].backend_config.key: must be a single line: it is given to init as "
                        + "-backend-config=key=...",
                "workspaces[0].backend_config.tags: must be a single value, got a list",
                "workspaces[0].backend_config.nothing: must be a single value, got null");
        assertThat(problems("backend_config: [bucket=state]")).containsExactly(
                "workspaces[0].backend_config: must be a mapping of names to values, got a list");
    }

    @Test
    void secret_references_are_kept_as_written() {
        Map<String, String> variables = workspace(
                "variables:",
                "      db_password: ssm:/infra/db/password",
                "      api_key: secretsmanager:api",
                "      token: secretsmanager:ci#token",
                "      arn: 'secretsmanager:arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf#pw'",
                "      plain: not-a-reference",
                "      url: https://ssm:/x").variables();

        assertThat(variables).containsExactly(Map.entry("db_password", "ssm:/infra/db/password"),
                Map.entry("api_key", "secretsmanager:api"), Map.entry("token", "secretsmanager:ci#token"),
                Map.entry("arn", "secretsmanager:arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf#pw"),
                Map.entry("plain", "not-a-reference"), Map.entry("url", "https://ssm:/x"));
    }

    @Test
    void a_malformed_secret_reference_names_the_variable() {
        assertThat(problems(
                "variables:",
                "      relative: ssm:infra/db",
                "      bare: 'ssm:'",
                "      root: ssm:/",
                "      keyed: ssm:/infra/db#password",
                "      spaced: ssm:/infra/db password",
                "      nameless: 'secretsmanager:'",
                "      keyonly: 'secretsmanager:#password'",
                "      emptykey: 'secretsmanager:db#'")).containsExactly(
                "workspaces[0].variables.relative: is a secret reference, but ssm: must be followed by a parameter "
                        + "path starting with '/', like ssm:/infra/db_password",
                "workspaces[0].variables.bare: is a secret reference, but ssm: must be followed by a parameter "
                        + "path starting with '/', like ssm:/infra/db_password",
                "workspaces[0].variables.root: is a secret reference, but ssm: must be followed by a parameter "
                        + "path starting with '/', like ssm:/infra/db_password",
                "workspaces[0].variables.keyed: is a secret reference, but an ssm: parameter has no '#key'; only "
                        + "secretsmanager: references take one",
                "workspaces[0].variables.spaced: is a secret reference, but ssm: must be followed by a parameter "
                        + "path starting with '/', like ssm:/infra/db_password",
                "workspaces[0].variables.nameless: is a secret reference, but secretsmanager: must be followed by a "
                        + "secret name, like secretsmanager:db or secretsmanager:db#password",
                "workspaces[0].variables.keyonly: is a secret reference, but secretsmanager: must be followed by a "
                        + "secret name, like secretsmanager:db or secretsmanager:db#password",
                "workspaces[0].variables.emptykey: is a secret reference, but the JSON key after '#' is empty; write "
                        + "secretsmanager:name#key, or leave out the '#'");
    }

    @Test
    void the_printed_workspace_holds_references_not_secrets() {
        WorkspaceConfig w = workspace("aws: {role_arn: '" + ROLE + "'}",
                "variables: {db_password: 'ssm:/infra/db/password'}");

        assertThat(w.toString()).contains("db_password=ssm:/infra/db/password", "roleArn=" + ROLE);
    }

    private WorkspaceConfig workspace(String... fields) {
        return load(settings(fields)).workspace("hello").orElseThrow();
    }

    private RepoSettings load(String settings) {
        write(root, RepoSettings.FILE_NAME, settings);
        return RepoSettings.load(root, "infra");
    }

    private List<String> problems(String... fields) {
        return failure(fields).problems();
    }

    private ConfigException failure(String... fields) {
        write(root, RepoSettings.FILE_NAME, settings(fields));
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> RepoSettings.load(root, "infra"));
        assertThat(e).as("loading should fail").isNotNull();
        assertThat(e.getMessage().lines()).allMatch(l -> l.startsWith("infra/.plumbline.yaml: workspaces[0]."));
        return e;
    }

    // One listed workspace, with each of fields as a line under it.
    private static String settings(String... fields) {
        StringBuilder sb = new StringBuilder(yaml("workspaces:", "  - name: hello", "    dir: workspaces/hello"));
        for (String f : fields) {
            sb.append("    ").append(f).append('\n');
        }
        return sb.toString();
    }
}
