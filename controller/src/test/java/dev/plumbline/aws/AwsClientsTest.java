package dev.plumbline.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.plumbline.config.AwsConfig;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.AwsServiceClientConfiguration;
import software.amazon.awssdk.regions.Region;

class AwsClientsTest {
    private static final URI EMULATOR = URI.create("http://127.0.0.1:1");
    private final StaticCredentialsProvider creds =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));

    @Test
    void every_client_uses_the_explicit_region_endpoint_and_credentials() {
        try (AwsClients aws = new AwsClients(new AwsConfig("eu-west-1", EMULATOR, null), creds)) {
            List<AwsServiceClientConfiguration> configs = List.of(aws.sts().serviceClientConfiguration(),
                    aws.ssm().serviceClientConfiguration(), aws.secretsManager().serviceClientConfiguration(),
                    aws.s3().serviceClientConfiguration(), aws.sns().serviceClientConfiguration(),
                    aws.dynamoDb().serviceClientConfiguration());
            assertThat(configs).allSatisfy(c -> {
                assertThat(c.region()).isEqualTo(Region.EU_WEST_1);
                assertThat(c.endpointOverride()).contains(EMULATOR);
                assertThat(c.credentialsProvider()).isSameAs(creds);
            });
        }
    }

    @Test
    void production_clients_have_no_endpoint_override() {
        try (AwsClients aws = new AwsClients(new AwsConfig("eu-west-1", null, null), creds)) {
            assertThat(aws.sts().serviceClientConfiguration().endpointOverride()).isEmpty();
        }
    }

    @Test
    void each_client_is_built_once_and_not_after_close() {
        AwsClients aws = new AwsClients(new AwsConfig("eu-west-1", EMULATOR, null), creds);
        assertThat(aws.ssm()).isSameAs(aws.ssm());
        aws.close();
        assertThatThrownBy(aws::ssm).hasMessageContaining("closed");
    }

    @Test
    void workspace_clients_keep_the_endpoint_and_take_their_own_region_and_credentials() {
        TemporaryCredentials temp = new TemporaryCredentials("ASIA1", "s", "t", java.time.Instant.MAX);
        try (AwsClients daemon = new AwsClients(new AwsConfig("eu-west-1", EMULATOR, null), creds);
                AwsClients ws = daemon.forCredentials(temp.provider(), "us-west-2")) {
            assertThat(ws.config()).isEqualTo(new AwsConfig("us-west-2", EMULATOR, null));
            assertThat(ws.ssm().serviceClientConfiguration().region()).isEqualTo(Region.US_WEST_2);
        }
    }
}
