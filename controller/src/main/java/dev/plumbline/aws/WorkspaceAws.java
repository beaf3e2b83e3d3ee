package dev.plumbline.aws;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The AWS identity one workspace runs as: the role the daemon assumes for it, the external id the role's trust
 * policy demands (null when it demands none), the region tofu is told to use (null: the daemon's), and how long
 * each set of temporary credentials lasts (null: one hour).
 */
public record WorkspaceAws(String roleArn, String externalId, String region, Duration sessionDuration) {
    public static final Duration DEFAULT_SESSION = Duration.ofHours(1);
    /** STS's own bounds; a role's MaxSessionDuration may allow less than the maximum. */
    public static final Duration MIN_SESSION = Duration.ofMinutes(15);
    public static final Duration MAX_SESSION = Duration.ofHours(12);

    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::[0-9]{12}:role/[\\w+=,.@/-]{1,512}");
    private static final Pattern EXTERNAL_ID = Pattern.compile("[\\w+=,.@:/-]{2,1224}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z0-9]+)+-[0-9]+");

    public WorkspaceAws {
        if (roleArn == null || !ROLE_ARN.matcher(roleArn).matches()) {
            throw new IllegalArgumentException("invalid role ARN '" + roleArn
                    + "': expected arn:aws:iam::<12-digit account>:role/<name>");
        }
        // The external id is not a secret (it guards against the confused deputy), so naming it here is fine.
        if (externalId != null && !EXTERNAL_ID.matcher(externalId).matches()) {
            throw new IllegalArgumentException("invalid external id for role " + roleArn
                    + ": use 2 to 1224 letters, digits or +=,.@:/-_");
        }
        if (region != null && (region.length() > 40 || !REGION.matcher(region).matches())) {
            throw new IllegalArgumentException("invalid AWS region '" + region + "': expected a name like eu-west-1");
        }
        if (sessionDuration == null) {
            sessionDuration = DEFAULT_SESSION;
        }
        if (sessionDuration.compareTo(MIN_SESSION) < 0 || sessionDuration.compareTo(MAX_SESSION) > 0) {
            throw new IllegalArgumentException("invalid session duration " + sessionDuration + " for role " + roleArn
                    + ": STS allows 15 minutes to 12 hours");
        }
    }

    public static WorkspaceAws role(String roleArn) {
        return new WorkspaceAws(roleArn, null, null, null);
    }

    /** The region tofu runs in: the workspace's own, or the daemon's. */
    public String regionOr(String daemonRegion) {
        return region != null ? region : daemonRegion;
    }
}
