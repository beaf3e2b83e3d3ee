package dev.plumbline.config;

import java.time.Duration;

/**
 * The AWS role one workspace runs as. {@code externalId} is null when the role's trust policy asks for none (it
 * is not a secret: it guards against a confused deputy); {@code region} null means the daemon's region.
 */
public record WorkspaceAwsConfig(String roleArn, String externalId, String region, Duration sessionDuration) {
    public static final Duration DEFAULT_SESSION_DURATION = Duration.ofHours(1);
    /** The bounds STS puts on a role session; the role's own maximum may be lower. */
    public static final Duration MIN_SESSION_DURATION = Duration.ofMinutes(15);
    public static final Duration MAX_SESSION_DURATION = Duration.ofHours(12);

    public WorkspaceAwsConfig {
        if (sessionDuration == null) {
            sessionDuration = DEFAULT_SESSION_DURATION;
        }
    }

    /** A role with the defaults: no external id, the daemon's region, one-hour sessions. */
    public static WorkspaceAwsConfig role(String roleArn) {
        return new WorkspaceAwsConfig(roleArn, null, null, null);
    }

    /** The region tofu runs in: the workspace's own, or the daemon's. */
    public String regionOr(String daemonRegion) {
        return region != null ? region : daemonRegion;
    }
}
