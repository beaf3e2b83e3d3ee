package dev.plumbline.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * LocalStack in Docker, the alternative backend of {@link MotoServer}, used only when asked for
 * ({@code PLUMBLINE_AWS_EMULATOR=localstack}). LocalStack needs an auth token; the image can be chosen with
 * {@code PLUMBLINE_LOCALSTACK_IMAGE}. Asking for it without Docker or a token fails, rather than quietly testing
 * against moto.
 */
final class MotoLocalStack {
    static final String DEFAULT_IMAGE = "localstack/localstack:latest";

    private final LocalStackContainer container;

    private MotoLocalStack(LocalStackContainer container) {
        this.container = container;
    }

    static MotoLocalStack start() {
        String token = System.getenv("LOCALSTACK_AUTH_TOKEN");
        if (token == null || token.isBlank()) {
            fail(MotoServer.EMULATOR_PROPERTY + "=localstack needs LOCALSTACK_AUTH_TOKEN in the environment");
        }
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            fail(MotoServer.EMULATOR_PROPERTY + "=localstack needs Docker, and none is reachable");
        }
        String image = System.getenv().getOrDefault("PLUMBLINE_LOCALSTACK_IMAGE", DEFAULT_IMAGE);
        LocalStackContainer c = new LocalStackContainer(DockerImageName.parse(image)
                .asCompatibleSubstituteFor("localstack/localstack"))
                .withServices("sts", "iam", "ssm", "secretsmanager", "s3", "sns", "dynamodb", "kms")
                .withEnv("LOCALSTACK_AUTH_TOKEN", token);
        c.start();
        return new MotoLocalStack(c);
    }

    URI endpoint() {
        return container.getEndpoint();
    }

    String region() {
        return container.getRegion();
    }

    AwsCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(container.getAccessKey(),
                container.getSecretKey()));
    }

    void stop() {
        container.stop();
    }
}
