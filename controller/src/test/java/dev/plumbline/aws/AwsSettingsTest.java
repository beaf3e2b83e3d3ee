package dev.plumbline.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AwsSettingsTest {
    private static final String ROLE = "arn:aws:iam::123456789012:role/plumbline-prod";

    @Test
    void daemon_settings_require_an_explicit_region() {
        assertThatThrownBy(() -> AwsDaemonSettings.production(null)).hasMessageContaining("invalid AWS region 'null'");
        assertThatThrownBy(() -> AwsDaemonSettings.production("Europe")).hasMessageContaining("'Europe'");
        assertThat(AwsDaemonSettings.production("eu-west-1").emulated()).isFalse();
        assertThat(AwsDaemonSettings.production("us-gov-west-1").region()).isEqualTo("us-gov-west-1");
    }

    @Test
    void an_endpoint_must_be_an_http_url() {
        assertThatThrownBy(() -> new AwsDaemonSettings("us-east-1", URI.create("localhost:4566")))
                .hasMessageContaining("invalid AWS endpoint 'localhost:4566'");
        AwsDaemonSettings emulated = new AwsDaemonSettings("us-east-1", URI.create("http://127.0.0.1:5000"));
        assertThat(emulated.emulated()).isTrue();
        assertThat(emulated.withRegion("eu-central-1"))
                .isEqualTo(new AwsDaemonSettings("eu-central-1", URI.create("http://127.0.0.1:5000")));
        assertThat(emulated.withRegion(null)).isSameAs(emulated);
    }

    @Test
    void workspace_role_defaults_to_a_one_hour_session_in_the_daemons_region() {
        WorkspaceAws aws = WorkspaceAws.role(ROLE);
        assertThat(aws.sessionDuration()).isEqualTo(Duration.ofHours(1));
        assertThat(aws.regionOr("eu-west-1")).isEqualTo("eu-west-1");
        assertThat(new WorkspaceAws(ROLE, "ext-id", "us-west-2", null).regionOr("eu-west-1")).isEqualTo("us-west-2");
    }

    @Test
    void workspace_role_settings_are_checked() {
        assertThatThrownBy(() -> WorkspaceAws.role("plumbline-prod")).hasMessageContaining("invalid role ARN");
        assertThatThrownBy(() -> WorkspaceAws.role("arn:aws:iam::123:role/x")).hasMessageContaining("12-digit");
        assertThatThrownBy(() -> new WorkspaceAws(ROLE, "has space", null, null))
                .hasMessageContaining("invalid external id for role " + ROLE);
        assertThatThrownBy(() -> new WorkspaceAws(ROLE, null, null, Duration.ofMinutes(5)))
                .hasMessageContaining("15 minutes to 12 hours").hasMessageContaining(ROLE);
        assertThatThrownBy(() -> new WorkspaceAws(ROLE, null, null, Duration.ofHours(13)))
                .hasMessageContaining("15 minutes to 12 hours");
        assertThat(WorkspaceAws.role("arn:aws-us-gov:iam::123456789012:role/path/to/role").roleArn())
                .endsWith("path/to/role");
    }

    @Test
    void archive_settings_default_to_s3_managed_encryption_and_trim_the_prefix() {
        ArchiveSettings s = new ArchiveSettings("plans-bucket", "/plumbline/archive/", null, null);
        assertThat(s.sse()).isEqualTo("AES256");
        assertThat(s.prefix()).isEqualTo("plumbline/archive");
        assertThat(ArchiveSettings.aes256("plans-bucket", null).prefix()).isEmpty();
    }

    @Test
    void archive_settings_are_checked() {
        assertThatThrownBy(() -> ArchiveSettings.aes256("Bad_Bucket", ""))
                .hasMessageContaining("invalid archive bucket 'Bad_Bucket'");
        assertThatThrownBy(() -> new ArchiveSettings("plans", "", "aws:kms:dsse", null))
                .hasMessageContaining("expected AES256 or aws:kms");
        assertThatThrownBy(() -> new ArchiveSettings("plans", "", "AES256", "alias/plans"))
                .hasMessageContaining("needs encryption aws:kms");
        assertThat(new ArchiveSettings("plans", "", "aws:kms", "alias/plans").kmsKeyId()).isEqualTo("alias/plans");
    }
}
