package dev.plumbline.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumbline.config.AwsConfig;
import dev.plumbline.config.WorkspaceAwsConfig;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.testing.MotoServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsCredentials;

class AssumedRoleIT {
    @RegisterExtension
    static final MotoServer moto = new MotoServer();

    private static final WorkspaceId WS = new WorkspaceId("infra", "prod");
    private static final String ROLE = "arn:aws:iam::123456789012:role/deployer";

    private static AwsClients daemon;

    @BeforeAll
    static void clients() {
        daemon = moto.clients();
    }

    @AfterAll
    static void close() {
        daemon.close();
    }

    @Test
    void assuming_a_role_gives_temporary_credentials_other_than_the_daemons() {
        Instant before = Instant.now();
        TemporaryCredentials creds = new AssumedRole(daemon.sts())
                .assume(WS, new WorkspaceAwsConfig(ROLE, "plumbline-external-id", null, Duration.ofMinutes(15)));

        AwsCredentials callers = moto.credentials().resolveCredentials();
        assertThat(creds.accessKeyId()).isNotBlank().isNotEqualTo(callers.accessKeyId());
        assertThat(creds.secretAccessKey()).isNotBlank().isNotEqualTo(callers.secretAccessKey());
        assertThat(creds.sessionToken()).isNotBlank();
        assertThat(creds.expiration())
                .isBetween(before.plus(Duration.ofMinutes(14)), before.plus(Duration.ofMinutes(16)));
    }

    @Test
    void the_temporary_credentials_act_as_the_role_with_the_workspace_session_name() {
        TemporaryCredentials creds = new AssumedRole(daemon.sts()).assume(WS, WorkspaceAwsConfig.role(ROLE));

        try (AwsClients asRole = daemon.forCredentials(creds.provider(), null)) {
            String arn = asRole.sts().getCallerIdentity().arn();
            assertThat(arn).isEqualTo("arn:aws:sts::123456789012:assumed-role/deployer/plumbline-infra-prod");
        }
    }

    @Test
    void a_failure_names_the_workspace_and_the_role() throws IOException {
        URI nothingListening = URI.create("http://127.0.0.1:" + closedPort());
        try (AwsClients unreachable = new AwsClients(new AwsConfig(moto.region(), nothingListening, null),
                moto.credentials())) {
            assertThatThrownBy(() -> new AssumedRole(unreachable.sts()).assume(WS, WorkspaceAwsConfig.role(ROLE)))
                    .isInstanceOf(AwsException.class)
                    .hasMessageStartingWith("assuming role " + ROLE + " for workspace infra/prod: ");
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
