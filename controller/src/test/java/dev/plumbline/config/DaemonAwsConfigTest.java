package dev.plumbline.config;

import static dev.plumbline.config.TestFiles.write;
import static dev.plumbline.config.TestFiles.yaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaemonAwsConfigTest {
    @TempDir
    Path dir;

    @Test
    void without_an_aws_section_there_is_no_aws_config() {
        assertThat(load(yaml("data_dir: /d")).aws()).isNull();
    }

    @Test
    void every_aws_field_is_read() {
        DaemonConfig c = load(yaml(
                "data_dir: /d",
                "aws:",
                "  region: eu-west-1",
                "  endpoint: http://127.0.0.1:5000",
                "  archive: {bucket: my-bucket, prefix: plumbline/prod, sse: aws:kms, kms_key_id: alias/plumbline}"));

        assertThat(c.aws()).isEqualTo(new AwsConfig("eu-west-1", URI.create("http://127.0.0.1:5000"),
                new ArchiveConfig("my-bucket", "plumbline/prod", "aws:kms", "alias/plumbline")));
    }

    @Test
    void a_region_alone_means_real_aws_and_no_archive() {
        assertThat(load(yaml("data_dir: /d", "aws: {region: us-gov-west-1}")).aws())
                .isEqualTo(new AwsConfig("us-gov-west-1", null, null));
    }

    @Test
    void the_archive_defaults_to_the_plumbline_prefix_and_s3_managed_keys() {
        assertThat(archive("{bucket: plans.example-1}"))
                .isEqualTo(new ArchiveConfig("plans.example-1", "plumbline", "AES256", null));
        assertThat(archive("{bucket: plans, prefix: '/ops/plans/'}").prefix()).isEqualTo("ops/plans");
        assertThat(archive("{bucket: plans, prefix: ''}").prefix()).isEmpty();
        assertThat(archive("{bucket: plans, sse: aws:kms}")).isEqualTo(new ArchiveConfig("plans", "plumbline",
                "aws:kms", null));
    }

    @Test
    void the_region_must_be_set_when_the_section_is_there() {
        assertThat(problems(yaml("data_dir: /d", "aws: {}"))).containsExactly("aws.region: must be set: the region "
                + "of the archive bucket, SNS topics and the workspaces that name none");
    }

    @Test
    void every_bad_aws_value_names_its_field() {
        assertThat(problems(yaml(
                "data_dir: /d",
                "aws:",
                "  region: Europe",
                "  endpoint: ftp://127.0.0.1/x",
                "  archive: {bucket: My_Bucket, prefix: \"a\\nb\", sse: aes256, kms_key_id: alias/k}")))
                .containsExactlyInAnyOrder(
                        "aws.region: must be an AWS region like eu-west-1, got 'Europe'",
                        "aws.endpoint: must be an http(s)://host[:port] URL of an AWS emulator, got "
                                + "'ftp://127.0.0.1/x'",
                        "aws.archive.bucket: must be an S3 bucket name: 3 to 63 lowercase letters, digits, '.' or '-', "
                                + "starting and ending with a letter or digit, got 'My_Bucket'",
                        "aws.archive.prefix: must not contain control characters or line breaks",
                        "aws.archive.sse: must be AES256 or aws:kms, got 'aes256'",
                        "aws.archive.kms_key_id: is only used with sse: aws:kms");
    }

    @Test
    void bucket_names_follow_the_s3_rules() {
        for (String bad : List.of("ab", "-plans", "plans-", "pl..ans", "a".repeat(64), "plans bucket")) {
            assertThat(problems(yaml("data_dir: /d", "aws: {region: eu-west-1, archive: {bucket: '" + bad + "'}}")))
                    .as(bad).singleElement().asString().startsWith("aws.archive.bucket: must be an S3 bucket name");
        }
        assertThat(archive("{bucket: " + "a".repeat(63) + "}").bucket()).hasSize(63);
        assertThat(problems(yaml("data_dir: /d", "aws: {region: eu-west-1, archive: {prefix: x}}")))
                .containsExactly("aws.archive.bucket: must be set: the S3 bucket plans and run logs are archived in");
    }

    @Test
    void a_kms_key_id_needs_kms_encryption() {
        assertThat(problems(yaml("data_dir: /d",
                "aws: {region: eu-west-1, archive: {bucket: plans, kms_key_id: alias/k}}"))).containsExactly(
                "aws.archive.kms_key_id: is only used with sse: aws:kms");
        assertThat(problems(yaml("data_dir: /d",
                "aws: {region: eu-west-1, archive: {bucket: plans, sse: aws:kms, kms_key_id: 'alias/my key'}}")))
                .containsExactly("aws.archive.kms_key_id: must be a KMS key id, key ARN or alias (alias/name), got "
                        + "'alias/my key'");
    }

    @Test
    void a_plain_http_endpoint_is_allowed_only_for_this_machine() {
        for (String local : List.of("http://127.0.0.1:5000", "http://localhost:4566", "http://[::1]:5000",
                "https://emulator.example.com")) {
            assertThat(endpoint(local)).isEqualTo(URI.create(local));
        }
        assertThat(problems(yaml("data_dir: /d", "aws: {region: eu-west-1, endpoint: 'http://moto:5000'}")))
                .containsExactly("aws.endpoint: http:// sends everything in clear text and is only allowed for this "
                        + "machine (localhost, 127.0.0.1, ::1); use https://");
    }

    @Test
    void an_endpoint_with_credentials_is_refused_without_showing_them() {
        ConfigException e = failure(yaml("data_dir: /d",
                "aws: {region: eu-west-1, endpoint: 'http://AKIDEXAMPLE:wJalrXUtnFEMI@127.0.0.1:5000'}"));

        assertThat(e.problems()).containsExactly("aws.endpoint: must not embed credentials; the daemon's AWS "
                + "credentials come from its environment");
        assertThat(e.getMessage()).doesNotContain("wJalrXUtnFEMI").doesNotContain("AKIDEXAMPLE");
    }

    @Test
    void endpoints_that_are_not_urls_are_named() {
        assertThat(problems(yaml("data_dir: /d", "aws: {region: eu-west-1, endpoint: 'http://127.0.0.1:5000/?a=b'}",
                "notifications: {}"))).containsExactly(
                "aws.endpoint: must not have a query or fragment, got 'http://127.0.0.1:5000/?a=b'");
        assertThat(problems(yaml("data_dir: /d", "aws: {region: eu-west-1, endpoint: 'http://127.0.0.1 :5000'}")))
                .containsExactly("aws.endpoint: is not a valid URL: Illegal character in authority");
        assertThat(problems(yaml("data_dir: /d", "aws: {region: eu-west-1, endpoint: 127.0.0.1}")))
                .containsExactly("aws.endpoint: must be an http(s)://host[:port] URL of an AWS emulator, got "
                        + "'127.0.0.1'");
    }

    @Test
    void unknown_fields_under_aws_are_named_with_the_known_ones() {
        assertThat(problems(yaml(
                "data_dir: /d",
                "aws:",
                "  region: eu-west-1",
                "  profile: prod",
                "  archive: {bucket: plans, encryption: aws:kms}"))).containsExactlyInAnyOrder(
                "aws.profile: unknown field (expected one of: region, endpoint, archive)",
                "aws.archive.encryption: unknown field (expected one of: bucket, prefix, sse, kms_key_id)");
    }

    @Test
    void sections_of_the_wrong_shape_are_named() {
        assertThat(problems(yaml("data_dir: /d", "aws: eu-west-1"))).containsExactly(
                "aws: must be a mapping of fields, got a single value");
        assertThat(problems(yaml("data_dir: /d", "aws: {region: [eu-west-1], archive: my-bucket}")))
                .containsExactlyInAnyOrder(
                        "aws.region: must be a single value, got a list",
                        "aws.archive: must be a mapping of fields, got a single value");
    }

    private ArchiveConfig archive(String flow) {
        return load(yaml("data_dir: /d", "aws: {region: eu-west-1, archive: " + flow + "}")).aws().archive();
    }

    private URI endpoint(String url) {
        return load(yaml("data_dir: /d", "aws: {region: eu-west-1, endpoint: '" + url + "'}")).aws().endpoint();
    }

    private DaemonConfig load(String content) {
        return DaemonConfig.load(write(dir, "config.yaml", content));
    }

    private List<String> problems(String content) {
        return failure(content).problems();
    }

    private ConfigException failure(String content) {
        Path file = write(dir, "config.yaml", content);
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> DaemonConfig.load(file));
        assertThat(e).as("loading should fail").isNotNull();
        assertThat(e.getMessage().lines()).allMatch(l -> l.startsWith(file + ": "));
        return e;
    }
}
