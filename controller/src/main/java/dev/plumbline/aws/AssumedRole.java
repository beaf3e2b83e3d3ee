package dev.plumbline.aws;

import dev.plumbline.config.WorkspaceAwsConfig;
import dev.plumbline.domain.WorkspaceId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * Assumes a workspace's role with the daemon's own credentials (those of the given STS client). The session name
 * carries the workspace, so CloudTrail shows which workspace did what.
 */
public final class AssumedRole {
    static final int MAX_SESSION_NAME = 64;
    private static final String PREFIX = "plumbline-";
    private static final int HASH_CHARS = 8;

    private final StsClient sts;

    public AssumedRole(StsClient sts) {
        this.sts = sts;
    }

    public TemporaryCredentials assume(WorkspaceId workspace, WorkspaceAwsConfig aws) {
        AssumeRoleRequest.Builder request = AssumeRoleRequest.builder()
                .roleArn(aws.roleArn())
                .roleSessionName(sessionName(workspace))
                .durationSeconds(Math.toIntExact(aws.sessionDuration().toSeconds()));
        if (aws.externalId() != null) {
            request.externalId(aws.externalId());
        }
        Credentials c;
        try {
            c = sts.assumeRole(request.build()).credentials();
        } catch (SdkException e) {
            throw new AwsException(failing(workspace, aws) + AwsErrors.describe(e), e);
        }
        if (c == null || c.accessKeyId() == null || c.secretAccessKey() == null || c.sessionToken() == null
                || c.expiration() == null) {
            throw new AwsException(failing(workspace, aws) + "STS returned no complete credentials");
        }
        return new TemporaryCredentials(c.accessKeyId(), c.secretAccessKey(), c.sessionToken(), c.expiration());
    }

    /**
     * {@code plumbline-<repo>-<workspace>} in STS's alphabet ({@code [\w+=,.@-]}) and at most 64 characters. A name
     * too long is cut and ends with a hash of the whole, so two long workspace names still differ.
     */
    public static String sessionName(WorkspaceId workspace) {
        String full = (PREFIX + workspace.repo() + "-" + workspace.name()).replaceAll("[^\\w+=,.@-]", "-");
        if (full.length() <= MAX_SESSION_NAME) {
            return full;
        }
        String hash = sha256Hex(full).substring(0, HASH_CHARS);
        return full.substring(0, MAX_SESSION_NAME - HASH_CHARS - 1) + "-" + hash;
    }

    private static String failing(WorkspaceId workspace, WorkspaceAwsConfig aws) {
        return "assuming role " + aws.roleArn() + " for workspace " + workspace + ": ";
    }

    private static String sha256Hex(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
