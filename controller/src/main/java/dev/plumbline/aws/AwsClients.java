package dev.plumbline.aws;

import dev.plumbline.config.AwsConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Builds the SDK clients Plumbline uses, all the same way: the small url-connection HTTP client, the explicit
 * region, the emulator endpoint when there is one (with path-style S3 addressing, which emulators need), bounded
 * timeouts, and the given credentials. Each client is built once, on first use, and closed with this object.
 *
 * <p>In production the daemon's own identity comes from {@link #withDefaultCredentials}; a workspace's clients use
 * its assumed role ({@code forCredentials(temporary.provider(), region)}); tests pass static credentials.
 */
public final class AwsClients implements AutoCloseable {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CALL_TIMEOUT = Duration.ofMinutes(2);

    private final AwsConfig config;
    private final AwsCredentialsProvider credentials;
    private final Map<Class<?>, SdkClient> built = new LinkedHashMap<>();
    private boolean closed;

    /** {@code config} is the daemon's {@code aws} section (or the same in a workspace's region). */
    public AwsClients(AwsConfig config, AwsCredentialsProvider credentials) {
        if (config == null || credentials == null) {
            throw new IllegalArgumentException("building AWS clients: the aws config and credentials are required");
        }
        this.config = config;
        this.credentials = credentials;
    }

    /** The daemon's own identity: environment, profile, container or instance role, as the SDK finds it. */
    public static AwsClients withDefaultCredentials(AwsConfig config) {
        return new AwsClients(config, DefaultCredentialsProvider.builder().build());
    }

    /** Clients for the same endpoint with other credentials, in {@code region} (null: this one's). */
    public AwsClients forCredentials(AwsCredentialsProvider other, String region) {
        return new AwsClients(config.withRegion(region), other);
    }

    public AwsConfig config() {
        return config;
    }

    public SqsClient sqs() {
        return client(SqsClient.class, () -> configure(SqsClient.builder()).build());
    }

    public StsClient sts() {
        return client(StsClient.class, () -> configure(StsClient.builder()).build());
    }

    public SsmClient ssm() {
        return client(SsmClient.class, () -> configure(SsmClient.builder()).build());
    }

    public SecretsManagerClient secretsManager() {
        return client(SecretsManagerClient.class, () -> configure(SecretsManagerClient.builder()).build());
    }

    public S3Client s3() {
        return client(S3Client.class, () -> configure(S3Client.builder()).forcePathStyle(config.emulated()).build());
    }

    public SnsClient sns() {
        return client(SnsClient.class, () -> configure(SnsClient.builder()).build());
    }

    public DynamoDbClient dynamoDb() {
        return client(DynamoDbClient.class, () -> configure(DynamoDbClient.builder()).build());
    }

    @Override
    public synchronized void close() {
        closed = true;
        List<SdkClient> clients = new ArrayList<>(built.values());
        built.clear();
        for (SdkClient c : clients) {
            c.close();
        }
    }

    private synchronized <C extends SdkClient> C client(Class<C> type, Supplier<C> build) {
        if (closed) {
            throw new IllegalStateException("building an AWS " + type.getSimpleName() + ": the clients are closed");
        }
        return type.cast(built.computeIfAbsent(type, t -> build.get()));
    }

    private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> B configure(B builder) {
        builder.region(Region.of(config.region()))
                .credentialsProvider(credentials)
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(CONNECT_TIMEOUT)
                        .socketTimeout(READ_TIMEOUT))
                .overrideConfiguration(ClientOverrideConfiguration.builder().apiCallTimeout(CALL_TIMEOUT).build());
        if (config.endpoint() != null) {
            builder.endpointOverride(config.endpoint());
        }
        return builder;
    }
}
