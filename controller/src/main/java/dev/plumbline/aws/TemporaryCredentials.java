package dev.plumbline.aws;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Credentials STS issued for one workspace's role. The access key id is not secret (CloudTrail shows it); the secret
 * key and the session token are, so {@link #toString()} hides them and {@link #secretValues()} hands them to the
 * runner's redaction.
 */
public record TemporaryCredentials(
        String accessKeyId, String secretAccessKey, String sessionToken, Instant expiration) {

    public TemporaryCredentials {
        if (accessKeyId == null || secretAccessKey == null || sessionToken == null || expiration == null) {
            throw new IllegalArgumentException("temporary credentials need an access key id, a secret key, "
                    + "a session token and an expiration");
        }
    }

    /** The variables tofu and its AWS provider read; the region is set twice because tools disagree on the name. */
    public Map<String, String> environment(String region) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_ACCESS_KEY_ID", accessKeyId);
        env.put("AWS_SECRET_ACCESS_KEY", secretAccessKey);
        env.put("AWS_SESSION_TOKEN", sessionToken);
        env.put("AWS_REGION", region);
        env.put("AWS_DEFAULT_REGION", region);
        return Collections.unmodifiableMap(env);
    }

    /** What must never appear in a log or a report. */
    public Set<String> secretValues() {
        return Set.of(secretAccessKey, sessionToken);
    }

    /** For SDK clients acting as the workspace (resolving its secrets, for instance). */
    public AwsCredentialsProvider provider() {
        return StaticCredentialsProvider.create(
                AwsSessionCredentials.create(accessKeyId, secretAccessKey, sessionToken));
    }

    public Duration remaining(Instant now) {
        return Duration.between(now, expiration);
    }

    /** True when fewer than {@code margin} remain (or the credentials have expired). */
    public boolean expiresWithin(Duration margin, Instant now) {
        return remaining(now).compareTo(margin) < 0;
    }

    @Override
    public String toString() {
        return "TemporaryCredentials[accessKeyId=" + accessKeyId
                + ", secretAccessKey=***, sessionToken=***, expiration=" + expiration + "]";
    }
}
