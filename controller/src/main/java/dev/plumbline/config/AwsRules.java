package dev.plumbline.config;

import dev.plumbline.domain.Hosts;
import dev.plumbline.util.Echo;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The meaning of the AWS settings in both files: the daemon's {@code aws} section and a workspace's role. The
 * patterns are loose on purpose (AWS adds regions and partitions), but tight enough to catch a value written in
 * the wrong field, which would otherwise only fail at the first run.
 */
final class AwsRules {
    static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}");
    private static final Pattern EXTERNAL_ID = Pattern.compile("[\\w+=,.@:/-]{2,1224}");

    private final Problems problems;

    AwsRules(Problems problems) {
        this.problems = problems;
    }

    /** The daemon's {@code aws} section; null when the file has none. */
    AwsConfig daemon(RawDaemonConfig.Aws a) {
        if (a == null) {
            return null;
        }
        if (a.region() == null) {
            problems.addUnlessSaid("aws.region", "must be set: the region of the archive bucket, SNS topics and "
                    + "the workspaces that name none");
        } else {
            region(a.region(), "aws.region");
        }
        return new AwsConfig(a.region(), endpoint(a.endpoint(), "aws.endpoint"), archive(a.archive()));
    }

    /** A workspace's {@code aws} section, {@code at} being its path; null when the workspace has none. */
    WorkspaceAwsConfig workspace(RawRepoSettings.Aws a, String at) {
        if (a == null) {
            return null;
        }
        if (a.roleArn() == null) {
            problems.addUnlessSaid(at + ".role_arn", "must be set: the ARN of the role the workspace runs as");
        } else if (a.roleArn().length() > 2048 || !ROLE_ARN.matcher(a.roleArn()).matches()) {
            problems.add(at + ".role_arn", "must be a role ARN like arn:aws:iam::123456789012:role/name, got "
                    + Echo.quote(a.roleArn()));
        }
        // The external id is not a secret (it only guards against a confused deputy), so it may be shown.
        if (a.externalId() != null && !EXTERNAL_ID.matcher(a.externalId()).matches()) {
            problems.add(at + ".external_id", "must be 2 to 1224 letters, digits or '+=,.@:/-_', got "
                    + Echo.quote(a.externalId()));
        }
        if (a.region() != null) {
            region(a.region(), at + ".region");
        }
        Duration session = Durations.parse(a.sessionDuration(), WorkspaceAwsConfig.DEFAULT_SESSION_DURATION,
                at + ".session_duration", problems);
        if (session != null && (session.compareTo(WorkspaceAwsConfig.MIN_SESSION_DURATION) < 0
                || session.compareTo(WorkspaceAwsConfig.MAX_SESSION_DURATION) > 0)) {
            problems.add(at + ".session_duration", "must be between 15m and 12h, the bounds of an STS role session, "
                    + "got " + Echo.quote(a.sessionDuration()));
        }
        return new WorkspaceAwsConfig(a.roleArn(), a.externalId(), a.region(), session);
    }

    void region(String region, String at) {
        if (region.length() > 40 || !REGION.matcher(region).matches()) {
            problems.add(at, "must be an AWS region like eu-west-1, got " + Echo.quote(region));
        }
    }

    // Only an emulator needs an endpoint; plain http is accepted for one on this machine, where nothing crosses
    // a network, and nowhere else, since requests carry signed credentials.
    private URI endpoint(String text, String at) {
        if (text == null) {
            return null;
        }
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            problems.add(at, "is not a valid URL: " + e.getReason());
            return null;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getRawUserInfo() != null) {
            problems.add(at, "must not embed credentials; the daemon's AWS credentials come from its environment");
            return null;
        }
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            problems.add(at, "must be an http(s)://host[:port] URL of an AWS emulator, got " + Echo.quote(text));
            return null;
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            problems.add(at, "must not have a query or fragment, got " + Echo.quote(text));
            return null;
        }
        if (scheme.equals("http") && !Hosts.isLoopback(uri.getHost())) {
            problems.add(at, "http:// sends everything in clear text and is only allowed for this machine "
                    + "(localhost, 127.0.0.1, ::1); use https://");
            return null;
        }
        return uri;
    }

    private ArchiveConfig archive(RawDaemonConfig.Archive a) {
        if (a == null) {
            return null;
        }
        String at = "aws.archive";
        if (a.bucket() == null) {
            problems.addUnlessSaid(at + ".bucket", "must be set: the S3 bucket plans and run logs are archived in");
        } else if (!BUCKET.matcher(a.bucket()).matches() || a.bucket().contains("..")) {
            problems.add(at + ".bucket", "must be an S3 bucket name: 3 to 63 lowercase letters, digits, '.' or '-', "
                    + "starting and ending with a letter or digit, got " + Echo.quote(a.bucket()));
        }
        String prefix = a.prefix() == null ? ArchiveConfig.DEFAULT_PREFIX : a.prefix().replaceAll("^/+|/+$", "");
        if (prefix.chars().anyMatch(Character::isISOControl)) {
            problems.add(at + ".prefix", "must not contain control characters or line breaks");
        }
        String sse = a.sse() == null ? ArchiveConfig.AES256 : a.sse();
        if (!sse.equals(ArchiveConfig.AES256) && !sse.equals(ArchiveConfig.KMS)) {
            problems.add(at + ".sse", "must be " + ArchiveConfig.AES256 + " or " + ArchiveConfig.KMS + ", got "
                    + Echo.quote(a.sse()));
        }
        if (a.kmsKeyId() != null) {
            if (!sse.equals(ArchiveConfig.KMS)) {
                problems.add(at + ".kms_key_id", "is only used with sse: " + ArchiveConfig.KMS);
            } else if (a.kmsKeyId().isBlank() || a.kmsKeyId().chars().anyMatch(Character::isWhitespace)) {
                problems.add(at + ".kms_key_id", "must be a KMS key id, key ARN or alias (alias/name), got "
                        + Echo.quote(a.kmsKeyId()));
            }
        }
        return new ArchiveConfig(a.bucket(), prefix, sse, a.kmsKeyId());
    }
}
