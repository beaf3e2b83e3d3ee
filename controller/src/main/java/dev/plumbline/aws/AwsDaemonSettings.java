package dev.plumbline.aws;

import java.net.URI;
import java.util.regex.Pattern;

/**
 * How the daemon reaches AWS. The region is always explicit, so the SDK never goes looking for one (environment,
 * profile files, instance metadata). {@code endpoint} is null in production; it points every client at an emulator
 * (moto, LocalStack) in tests and demos.
 */
public record AwsDaemonSettings(String region, URI endpoint) {
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z0-9]+)+-[0-9]+");

    public AwsDaemonSettings {
        requireRegion(region);
        if (endpoint != null && (endpoint.getScheme() == null || endpoint.getHost() == null
                || !(endpoint.getScheme().equals("http") || endpoint.getScheme().equals("https")))) {
            throw new IllegalArgumentException("invalid AWS endpoint '" + endpoint
                    + "': expected http(s)://host[:port]");
        }
    }

    /** Real AWS, with the SDK's regional endpoints. */
    public static AwsDaemonSettings production(String region) {
        return new AwsDaemonSettings(region, null);
    }

    /** The same endpoint in another region (a workspace's own), or this one when {@code other} is null. */
    public AwsDaemonSettings withRegion(String other) {
        return other == null || other.equals(region) ? this : new AwsDaemonSettings(other, endpoint);
    }

    public boolean emulated() {
        return endpoint != null;
    }

    static void requireRegion(String region) {
        if (region == null || region.length() > 40 || !REGION.matcher(region).matches()) {
            throw new IllegalArgumentException("invalid AWS region '" + region + "': expected a name like eu-west-1");
        }
    }
}
