package dev.plumbline.aws;

import static dev.plumbline.testing.DaemonConfigs.problems;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumbline.config.ArchiveConfig;
import dev.plumbline.config.AwsConfig;
import dev.plumbline.config.WorkspaceAwsConfig;
import dev.plumbline.testing.DaemonConfigs;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AwsSettingsTest {
    private static final String ROLE = "arn:aws:iam::123456789012:role/plumbline-prod";

    @Test
    void daemon_settings_require_an_explicit_region() {
        assertThat(problems("data_dir: /d", "aws: {}")).singleElement().asString().startsWith("aws.region: must be set");
        assertThat(problems("data_dir: /d", "aws: {region: Europe}")).singleElement().asString().contains("'Europe'");
        assertThat(aws("{region: eu-west-1}").emulated()).isFalse();
        assertThat(aws("{region: us-gov-west-1}").region()).isEqualTo("us-gov-west-1");
    }

    @Test
    void an_endpoint_must_be_an_http_url() {
        assertThat(problems("data_dir: /d", "aws: {region: us-east-1, endpoint: 'localhost:4566'}"))
                .singleElement().asString().contains("aws.endpoint: must be an http(s)://host[:port] URL")
                .contains("'localhost:4566'");
        AwsConfig emulated = aws("{region: us-east-1, endpoint: 'http://127.0.0.1:5000'}");
        assertThat(emulated.emulated()).isTrue();
        assertThat(emulated.withRegion("eu-central-1"))
                .isEqualTo(new AwsConfig("eu-central-1", URI.create("http://127.0.0.1:5000"), null));
        assertThat(emulated.withRegion(null)).isSameAs(emulated);
    }

    @Test
    void workspace_role_defaults_to_a_one_hour_session_in_the_daemons_region() {
        WorkspaceAwsConfig aws = WorkspaceAwsConfig.role(ROLE);
        assertThat(aws.sessionDuration()).isEqualTo(Duration.ofHours(1));
        assertThat(aws.regionOr("eu-west-1")).isEqualTo("eu-west-1");
        assertThat(new WorkspaceAwsConfig(ROLE, "ext-id", "us-west-2", null).regionOr("eu-west-1")).isEqualTo("us-west-2");
    }

    @Test
    void archive_settings_default_to_s3_managed_encryption_and_trim_the_prefix() {
        ArchiveConfig a = archive("{bucket: plans-bucket, prefix: '/plumbline/archive/'}");
        assertThat(a.sse()).isEqualTo("AES256");
        assertThat(a.prefix()).isEqualTo("plumbline/archive");
        assertThat(archive("{bucket: plans-bucket, prefix: ''}").prefix()).isEmpty();
    }

    @Test
    void archive_settings_are_checked() {
        assertThat(problems("data_dir: /d", "aws: {region: eu-west-1, archive: {bucket: Bad_Bucket}}"))
                .singleElement().asString().startsWith("aws.archive.bucket: must be an S3 bucket name")
                .contains("'Bad_Bucket'");
        assertThat(problems("data_dir: /d", "aws: {region: eu-west-1, archive: {bucket: plans, sse: 'aws:kms:dsse'}}"))
                .singleElement().asString().contains("must be AES256 or aws:kms");
        assertThat(problems("data_dir: /d",
                "aws: {region: eu-west-1, archive: {bucket: plans, sse: AES256, kms_key_id: alias/plans}}"))
                .containsExactly("aws.archive.kms_key_id: is only used with sse: aws:kms");
        assertThat(archive("{bucket: plans, sse: 'aws:kms', kms_key_id: alias/plans}").kmsKeyId())
                .isEqualTo("alias/plans");
    }

    /** The daemon's {@code aws} section, written as a YAML flow mapping, as the daemon reads it. */
    private static AwsConfig aws(String flow) {
        return DaemonConfigs.load("data_dir: /d", "aws: " + flow).aws();
    }

    private static ArchiveConfig archive(String flow) {
        return aws("{region: eu-west-1, archive: " + flow + "}").archive();
    }
}
