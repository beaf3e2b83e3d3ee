package dev.plumbline.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumbline.config.WorkspaceAwsConfig;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.testing.MotoServer;
import dev.plumbline.testing.MovableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RoleCredentialsIT {
    @RegisterExtension
    static final MotoServer moto = new MotoServer();

    private static final WorkspaceId PROD = new WorkspaceId("infra", "prod");
    private static final WorkspaceId STAGING = new WorkspaceId("infra", "staging");
    private static final WorkspaceAwsConfig ROLE = WorkspaceAwsConfig.role("arn:aws:iam::123456789012:role/deployer");
    private static final Duration MARGIN = Duration.ofMinutes(10);

    private static AwsClients daemon;
    private final MovableClock clock = new MovableClock(Instant.now());

    @BeforeAll
    static void clients() {
        daemon = moto.clients();
    }

    @AfterAll
    static void close() {
        daemon.close();
    }

    private RoleCredentials roles() {
        return new RoleCredentials(new AssumedRole(daemon.sts()), clock, MARGIN);
    }

    @Test
    void credentials_are_reused_while_more_than_the_margin_remains() {
        RoleCredentials roles = roles();
        TemporaryCredentials first = roles.current(PROD, ROLE);

        clock.set(first.expiration().minus(MARGIN).minusSeconds(60));

        assertThat(roles.current(PROD, ROLE)).isSameAs(first);
    }

    @Test
    void a_run_that_outlives_its_credentials_gets_fresh_ones_for_the_next_command() {
        RoleCredentials roles = roles();
        TemporaryCredentials first = roles.current(PROD, ROLE);

        clock.set(first.expiration().minus(MARGIN).plusSeconds(1));
        TemporaryCredentials second = roles.current(PROD, ROLE);

        assertThat(second.accessKeyId()).isNotEqualTo(first.accessKeyId());
        assertThat(second.sessionToken()).isNotEqualTo(first.sessionToken());
    }

    @Test
    void expired_credentials_are_replaced() {
        RoleCredentials roles = roles();
        TemporaryCredentials first = roles.current(PROD, ROLE);

        clock.set(first.expiration().plusSeconds(1));

        assertThat(roles.current(PROD, ROLE).accessKeyId()).isNotEqualTo(first.accessKeyId());
    }

    @Test
    void each_workspace_has_its_own_credentials() {
        RoleCredentials roles = roles();

        assertThat(roles.current(PROD, ROLE).accessKeyId()).isNotEqualTo(roles.current(STAGING, ROLE).accessKeyId());
        assertThat(roles.current(PROD, ROLE)).isSameAs(roles.current(PROD, ROLE));
    }

    @Test
    void changed_role_settings_assume_the_role_again() {
        RoleCredentials roles = roles();
        TemporaryCredentials first = roles.current(PROD, ROLE);
        WorkspaceAwsConfig withExternalId = new WorkspaceAwsConfig(ROLE.roleArn(), "new-external-id", null, null);

        assertThat(roles.current(PROD, withExternalId).accessKeyId()).isNotEqualTo(first.accessKeyId());
    }

    @Test
    void forgotten_credentials_are_assumed_again() {
        RoleCredentials roles = roles();
        TemporaryCredentials first = roles.current(PROD, ROLE);

        roles.forget(PROD);

        assertThat(roles.current(PROD, ROLE).accessKeyId()).isNotEqualTo(first.accessKeyId());
    }

    @Test
    void a_session_no_longer_than_the_margin_is_refused() {
        RoleCredentials roles = new RoleCredentials(new AssumedRole(daemon.sts()), clock, Duration.ofMinutes(20));
        WorkspaceAwsConfig shortSession = new WorkspaceAwsConfig(ROLE.roleArn(), null, null, Duration.ofMinutes(15));

        assertThatThrownBy(() -> roles.current(PROD, shortSession))
                .isInstanceOf(AwsException.class)
                .hasMessageContaining("workspace infra/prod")
                .hasMessageContaining(ROLE.roleArn())
                .hasMessageContaining("must be longer than the refresh margin");
    }
}
