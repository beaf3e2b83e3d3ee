package dev.plumbline.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Locale;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;

/**
 * Turns a variable's {@link SecretReference} into its value, read from SSM Parameter Store or Secrets Manager with
 * the clients given (normally the workspace's assumed role). Errors name the variable and the reference, never the
 * value, and carry no text from the value: a malformed JSON secret is reported without the parser's message, which
 * would quote it.
 */
public final class SecretResolver {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SsmClient ssm;
    private final SecretsManagerClient secrets;

    public SecretResolver(SsmClient ssm, SecretsManagerClient secrets) {
        this.ssm = ssm;
        this.secrets = secrets;
    }

    public static boolean isReference(String value) {
        return SecretReference.isReference(value);
    }

    public String resolve(String variableName, String reference) {
        String doing = "resolving variable " + variableName + " from " + reference + ": ";
        SecretReference ref;
        try {
            ref = SecretReference.parse(reference);
        } catch (IllegalArgumentException e) {
            throw new AwsException(doing + e.getMessage());
        }
        try {
            return ref.store() == SecretReference.Store.SSM ? parameter(ref) : secret(ref, doing);
        } catch (ParameterNotFoundException e) {
            throw new AwsException(doing + "parameter not found", e);
        } catch (ResourceNotFoundException e) {
            throw new AwsException(doing + "secret not found", e);
        } catch (SdkException e) {
            throw new AwsException(doing + AwsErrors.describe(e), e);
        }
    }

    private String parameter(SecretReference ref) {
        return ssm.getParameter(r -> r.name(ref.name()).withDecryption(true)).parameter().value();
    }

    private String secret(SecretReference ref, String doing) {
        GetSecretValueResponse response = secrets.getSecretValue(r -> r.secretId(ref.name()));
        String text = response.secretString();
        if (text == null) {
            throw new AwsException(doing + "the secret has no string value (binary secrets are not supported)");
        }
        return ref.jsonKey() == null ? text : jsonKey(text, ref.jsonKey(), doing);
    }

    private static String jsonKey(String text, String key, String doing) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            // No cause: the parser's message quotes the text it failed on, which is the secret.
            throw new AwsException(doing + "the secret is not a JSON object");
        }
        if (root == null || !root.isObject()) {
            throw new AwsException(doing + "the secret is not a JSON object");
        }
        JsonNode value = root.get(key);
        if (value == null) {
            throw new AwsException(doing + "key '" + key + "' not found in the secret");
        }
        if (!value.isValueNode() || value.isNull()) {
            String kind = value.getNodeType().name().toLowerCase(Locale.ROOT);
            throw new AwsException(doing + "key '" + key + "' holds " + kind + ", not a string, number or boolean");
        }
        return value.asText();
    }
}
