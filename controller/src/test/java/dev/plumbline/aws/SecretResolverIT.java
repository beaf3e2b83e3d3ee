package dev.plumbline.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.plumbline.config.WorkspaceAwsConfig;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.testing.MotoServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ssm.model.ParameterType;

class SecretResolverIT {
    @RegisterExtension
    static final MotoServer moto = new MotoServer();

    private static final String CANARY = "canary-8d41c7-do-not-leak";
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String PARAMETER = "/plumbline-" + RUN + "/db/password";
    private static final String PLAIN_SECRET = "plumbline-" + RUN + "/api-token";
    private static final String JSON_SECRET = "plumbline-" + RUN + "/db";
    private static final String TEXT_SECRET = "plumbline-" + RUN + "/not-json";

    private static AwsClients aws;
    private static SecretResolver resolver;

    @BeforeAll
    static void secrets() {
        aws = moto.clients();
        aws.ssm().putParameter(r -> r.name(PARAMETER).type(ParameterType.SECURE_STRING).value(CANARY + "-ssm"));
        aws.secretsManager().createSecret(r -> r.name(PLAIN_SECRET).secretString(CANARY + "-plain"));
        aws.secretsManager().createSecret(r -> r.name(JSON_SECRET).secretString("{\"username\":\"admin\","
                + "\"password\":\"" + CANARY + "-json\",\"port\":5432,\"replica\":{\"password\":\"" + CANARY + "\"}}"));
        aws.secretsManager().createSecret(r -> r.name(TEXT_SECRET).secretString("password=" + CANARY));
        resolver = new SecretResolver(aws.ssm(), aws.secretsManager());
    }

    @AfterAll
    static void close() {
        aws.close();
    }

    @Test
    void an_ssm_secure_string_is_decrypted() {
        assertThat(resolver.resolve("db_password", "ssm:" + PARAMETER)).isEqualTo(CANARY + "-ssm");
    }

    @Test
    void a_secrets_manager_string_is_taken_whole() {
        assertThat(resolver.resolve("api_token", "secretsmanager:" + PLAIN_SECRET)).isEqualTo(CANARY + "-plain");
    }

    @Test
    void a_json_key_takes_one_field_of_the_secret() {
        assertThat(resolver.resolve("db_password", "secretsmanager:" + JSON_SECRET + "#password"))
                .isEqualTo(CANARY + "-json");
        assertThat(resolver.resolve("db_port", "secretsmanager:" + JSON_SECRET + "#port")).isEqualTo("5432");
    }

    @Test
    void secrets_resolve_with_the_workspaces_assumed_role() {
        TemporaryCredentials role = new AssumedRole(aws.sts())
                .assume(new WorkspaceId("infra", "prod"), WorkspaceAwsConfig.role("arn:aws:iam::123456789012:role/deployer"));
        try (AwsClients asRole = aws.forCredentials(role.provider(), null)) {
            SecretResolver workspaceResolver = new SecretResolver(asRole.ssm(), asRole.secretsManager());
            assertThat(workspaceResolver.resolve("db_password", "ssm:" + PARAMETER)).isEqualTo(CANARY + "-ssm");
        }
    }

    @Test
    void a_missing_parameter_names_the_variable_and_the_reference() {
        String ref = "ssm:/plumbline-" + RUN + "/missing";
        assertThatThrownBy(() -> resolver.resolve("db_password", ref))
                .isInstanceOf(AwsException.class)
                .hasMessage("resolving variable db_password from " + ref + ": parameter not found");
    }

    @Test
    void a_missing_secret_names_the_variable_and_the_reference() {
        String ref = "secretsmanager:plumbline-" + RUN + "/missing#password";
        assertThatThrownBy(() -> resolver.resolve("db_password", ref))
                .isInstanceOf(AwsException.class)
                .hasMessage("resolving variable db_password from " + ref + ": secret not found");
    }

    @Test
    void a_missing_key_names_the_variable_the_reference_and_the_key() {
        String ref = "secretsmanager:" + JSON_SECRET + "#passwd";
        assertThatThrownBy(() -> resolver.resolve("db_password", ref))
                .isInstanceOf(AwsException.class)
                .hasMessage("resolving variable db_password from " + ref + ": key 'passwd' not found in the secret");
    }

    @Test
    void a_key_of_a_secret_that_is_not_json_is_an_error() {
        String ref = "secretsmanager:" + TEXT_SECRET + "#password";
        assertThatThrownBy(() -> resolver.resolve("db_password", ref))
                .hasMessage("resolving variable db_password from " + ref + ": the secret is not a JSON object");
    }

    @Test
    void a_malformed_reference_names_the_variable() {
        assertThatThrownBy(() -> resolver.resolve("db_password", "secretsmanager:" + JSON_SECRET + "#"))
                .hasMessageStartingWith("resolving variable db_password from secretsmanager:" + JSON_SECRET + "#: ")
                .hasMessageEndingWith("the JSON key after '#' is empty");
    }

    @Test
    void no_error_ever_shows_a_secret_value() {
        String[] failing = {
            "secretsmanager:" + JSON_SECRET + "#passwd",
            "secretsmanager:" + JSON_SECRET + "#replica",
            "secretsmanager:" + TEXT_SECRET + "#password",
            "secretsmanager:" + PLAIN_SECRET + "#password",
            "ssm:" + PARAMETER + "#password",
            "ssm:/plumbline-" + RUN + "/missing",
        };
        for (String ref : failing) {
            Throwable error = catchThrowable(() -> resolver.resolve("db_password", ref));
            assertThat(error).as(ref).isInstanceOf(AwsException.class);
            StringWriter trace = new StringWriter();
            error.printStackTrace(new PrintWriter(trace));
            assertThat(trace.toString()).as(ref).doesNotContain(CANARY);
        }
    }
}
